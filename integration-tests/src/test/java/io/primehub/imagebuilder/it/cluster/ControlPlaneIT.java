package io.primehub.imagebuilder.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the test control plane: a real API server that validates the project's CRDs, serves watches and status
 * subresources, detects conflicts, and (through the controller manager) cascades owner references and empties deleted
 * namespaces. There is no kubelet: pods stay Pending until a test writes their status.
 */
@KubernetesCluster
class ControlPlaneIT {

    private static final String GROUP = "primehub.io";
    private static final String VERSION = "v1alpha1";
    private static final String SPECS = "imagespecs";
    private static final String JOBS = "imagespecjobs";
    private static final Duration CONTROLLER_TIMEOUT = Duration.ofSeconds(90);
    private static final Gson GSON = new Gson();

    @Test
    void installsTheProjectCrdsAndTheyAreEstablished(ApiClient client) throws ApiException {
        ApiextensionsV1Api api = new ApiextensionsV1Api(client);
        for (V1CustomResourceDefinition manifest : ProjectCrds.manifests()) {
            V1CustomResourceDefinition served = api.readCustomResourceDefinition(
                            manifest.getMetadata().getName())
                    .execute();
            assertTrue(ProjectCrds.isEstablished(served), () -> "not established: " + served.getStatus());
            assertEquals("Namespaced", served.getSpec().getScope());
            assertEquals(
                    manifest.getSpec().getNames().getShortNames(),
                    served.getStatus().getAcceptedNames().getShortNames());
            assertEquals(List.of(VERSION), served.getStatus().getStoredVersions());
            // An Image's status is part of the main resource, as in PrimeHub's CRD: the console never writes it.
            boolean image = "Image".equals(served.getSpec().getNames().getKind());
            var subresources = served.getSpec().getVersions().get(0).getSubresources();
            assertEquals(
                    !image,
                    subresources != null && subresources.getStatus() != null,
                    "status subresource of " + served.getMetadata().getName());
        }
    }

    @Test
    void crdManifestsInDeployAndInTheHelmChartAreExactCopiesOfTheOnesOnTheClasspath() throws IOException {
        Path deployed = Path.of(System.getProperty("it.deploy-crds-dir", "../deploy/crds"));
        Path chart = deployed.resolveSibling("helm")
                .resolve("primehub-image-builder")
                .resolve("crds");
        for (Path folder : List.of(deployed, chart)) {
            for (String file : ProjectCrds.FILES) {
                try (InputStream onClasspath =
                        getClass().getClassLoader().getResourceAsStream(ProjectCrds.FOLDER + file)) {
                    assertNotNull(onClasspath, ProjectCrds.FOLDER + file);
                    assertArrayEquals(
                            onClasspath.readAllBytes(),
                            Files.readAllBytes(folder.resolve(file)),
                            () -> folder.resolve(file) + " differs from k8s-adapter's " + ProjectCrds.FOLDER + file
                                    + "; copy it over");
                }
            }
        }
    }

    @Test
    void acceptsAnImageSpecShapedAsPrimeHubWritesIt(ApiClient client, TestNamespace namespace) throws ApiException {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("baseImage", "jupyter/base-notebook:latest");
        spec.put("pullSecret", "");
        spec.put("packages", Map.of("apt", List.of("curl", "git"), "pip", List.of("numpy==2.1.0")));
        spec.put("updateTime", "");

        Map<String, Object> created = cast(objects(client)
                .createNamespacedCustomObject(
                        GROUP, VERSION, namespace.name(), SPECS, imageSpec("primehub-shaped", spec))
                .execute());

        assertEquals(spec, created.get("spec"));
        assertEquals(1L, generation(created));
    }

    static Stream<Arguments> invalidImageSpecs() {
        return Stream.of(
                Arguments.of(
                        "missing baseImage",
                        Map.of("packages", Map.of("apt", List.of("curl"))),
                        "spec.baseImage: Required value"),
                Arguments.of("empty baseImage", Map.of("baseImage", ""), "spec.baseImage"),
                Arguments.of(
                        "pullSecret that is no secret name",
                        Map.of("baseImage", "ubuntu", "pullSecret", "Bad_Name"),
                        "spec.pullSecret"),
                Arguments.of(
                        "apt packages that are no list",
                        Map.of("baseImage", "ubuntu", "packages", Map.of("apt", "curl")),
                        "spec.packages.apt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidImageSpecs")
    void rejectsAnInvalidImageSpecByItsSchema(
            String what, Map<String, Object> spec, String expectedInMessage, ApiClient client, TestNamespace namespace)
            throws ApiException {
        ApiException rejected = assertThrows(
                ApiException.class,
                () -> objects(client)
                        .createNamespacedCustomObject(
                                GROUP, VERSION, namespace.name(), SPECS, imageSpec("invalid", spec))
                        .execute());

        assertEquals(422, rejected.getCode(), rejected::getResponseBody);
        assertTrue(
                rejected.getResponseBody().contains(expectedInMessage),
                () -> "expected '" + expectedInMessage + "' in " + rejected.getResponseBody());
        ApiException absent = assertThrows(
                ApiException.class,
                () -> objects(client)
                        .getNamespacedCustomObject(GROUP, VERSION, namespace.name(), SPECS, "invalid")
                        .execute());
        assertEquals(HttpURLConnection.HTTP_NOT_FOUND, absent.getCode());
    }

    @Test
    void statusSubresourceUpdatesOnlyTheStatusAndTheMainResourceOnlyTheSpec(ApiClient client, TestNamespace namespace)
            throws ApiException {
        CustomObjectsApi objects = objects(client);
        Map<String, Object> created = cast(objects.createNamespacedCustomObject(
                        GROUP,
                        VERSION,
                        namespace.name(),
                        SPECS,
                        imageSpec("status", Map.of("baseImage", "ubuntu:22.04")))
                .execute());

        Map<String, Object> statusUpdate = copy(created);
        cast(statusUpdate.get("spec")).put("baseImage", "changed-through-status:1");
        statusUpdate.put(
                "status",
                Map.of(
                        "phase", "Succeeded",
                        "jobName", "status-1a2b3c4d",
                        "image", "registry.local/team/status:1a2b3c4d",
                        "observedGeneration", 1,
                        "conditions",
                                List.of(Map.of(
                                        "type",
                                        "Ready",
                                        "status",
                                        "True",
                                        "reason",
                                        "BuildSucceeded",
                                        "message",
                                        "pushed",
                                        "lastTransitionTime",
                                        "2026-01-02T03:04:05Z",
                                        "observedGeneration",
                                        1))));
        Map<String, Object> afterStatus = cast(objects.replaceNamespacedCustomObjectStatus(
                        GROUP, VERSION, namespace.name(), SPECS, "status", statusUpdate)
                .execute());

        assertEquals("ubuntu:22.04", cast(afterStatus.get("spec")).get("baseImage"), "spec through /status");
        assertEquals("Succeeded", cast(afterStatus.get("status")).get("phase"));
        assertEquals(1L, generation(afterStatus), "a status update does not change the generation");

        Map<String, Object> specUpdate = copy(afterStatus);
        cast(specUpdate.get("spec")).put("baseImage", "ubuntu:24.04");
        cast(specUpdate.get("status")).put("phase", "Failed");
        Map<String, Object> afterSpec = cast(
                objects.replaceNamespacedCustomObject(GROUP, VERSION, namespace.name(), SPECS, "status", specUpdate)
                        .execute());

        assertEquals("ubuntu:24.04", cast(afterSpec.get("spec")).get("baseImage"));
        assertEquals("Succeeded", cast(afterSpec.get("status")).get("phase"), "status through the main resource");
        assertEquals(2L, generation(afterSpec), "a spec change bumps the generation");
    }

    @Test
    void rejectsAConditionWithAnUnknownStatus(ApiClient client, TestNamespace namespace) throws ApiException {
        CustomObjectsApi objects = objects(client);
        Map<String, Object> created = cast(objects.createNamespacedCustomObject(
                        GROUP, VERSION, namespace.name(), SPECS, imageSpec("condition", Map.of("baseImage", "ubuntu")))
                .execute());
        created.put("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "Maybe"))));

        ApiException rejected = assertThrows(
                ApiException.class,
                () -> objects.replaceNamespacedCustomObjectStatus(
                                GROUP, VERSION, namespace.name(), SPECS, "condition", created)
                        .execute());

        assertEquals(422, rejected.getCode(), rejected::getResponseBody);
        assertTrue(rejected.getResponseBody().contains("status.conditions[0].status"), rejected::getResponseBody);
    }

    @Test
    void anUpdateFromAStaleResourceVersionIsAConflict(ApiClient client, TestNamespace namespace) throws ApiException {
        CustomObjectsApi objects = objects(client);
        Map<String, Object> original = cast(objects.createNamespacedCustomObject(
                        GROUP,
                        VERSION,
                        namespace.name(),
                        SPECS,
                        imageSpec("conflict", Map.of("baseImage", "ubuntu:22.04")))
                .execute());
        Map<String, Object> first = copy(original);
        cast(first.get("spec")).put("baseImage", "ubuntu:24.04");
        objects.replaceNamespacedCustomObject(GROUP, VERSION, namespace.name(), SPECS, "conflict", first)
                .execute();

        Map<String, Object> stale = copy(original);
        cast(stale.get("spec")).put("baseImage", "debian:12");
        ApiException conflict = assertThrows(
                ApiException.class,
                () -> objects.replaceNamespacedCustomObject(GROUP, VERSION, namespace.name(), SPECS, "conflict", stale)
                        .execute());

        assertEquals(HttpURLConnection.HTTP_CONFLICT, conflict.getCode(), conflict::getResponseBody);
    }

    @Test
    void aWatchSeesCreateUpdateAndDelete(TestCluster cluster, TestNamespace namespace) throws Exception {
        ApiClient client = cluster.newApiClient();
        client.setHttpClient(
                client.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build());
        CustomObjectsApi objects = objects(client);
        String listedAt =
                resourceVersion(cast(objects.listNamespacedCustomObject(GROUP, VERSION, namespace.name(), SPECS)
                        .execute()));
        Type eventType = new TypeToken<Watch.Response<Map<String, Object>>>() {}.getType();
        List<String> seen = new CopyOnWriteArrayList<>();

        try (Watch<Map<String, Object>> watch = Watch.createWatch(
                client,
                objects.listNamespacedCustomObject(GROUP, VERSION, namespace.name(), SPECS)
                        .watch(true)
                        .resourceVersion(listedAt)
                        .timeoutSeconds(120)
                        .buildCall(null),
                eventType)) {
            Thread reader = new Thread(
                    () -> {
                        try {
                            for (Watch.Response<Map<String, Object>> event : watch) {
                                seen.add(event.type + " "
                                        + cast(event.object.get("spec")).get("baseImage"));
                            }
                        } catch (RuntimeException closed) {
                            // the watch was closed by the test
                        }
                    },
                    "watch-reader");
            reader.setDaemon(true);
            reader.start();

            Map<String, Object> created = cast(objects.createNamespacedCustomObject(
                            GROUP,
                            VERSION,
                            namespace.name(),
                            SPECS,
                            imageSpec("watched", Map.of("baseImage", "ubuntu:22.04")))
                    .execute());
            cast(created.get("spec")).put("baseImage", "ubuntu:24.04");
            objects.replaceNamespacedCustomObject(GROUP, VERSION, namespace.name(), SPECS, "watched", created)
                    .execute();
            objects.deleteNamespacedCustomObject(GROUP, VERSION, namespace.name(), SPECS, "watched")
                    .execute();

            await("ADDED, MODIFIED and DELETED events")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> seen.size() >= 3);
            assertEquals(List.of("ADDED ubuntu:22.04", "MODIFIED ubuntu:24.04", "DELETED ubuntu:24.04"), seen);
        }
    }

    @Test
    void deletingAnOwnerDeletesWhatItOwnsThroughTheGarbageCollector(ApiClient client, TestNamespace namespace)
            throws ApiException {
        CustomObjectsApi objects = objects(client);
        CoreV1Api core = new CoreV1Api(client);
        Map<String, Object> spec = cast(objects.createNamespacedCustomObject(
                        GROUP, VERSION, namespace.name(), SPECS, imageSpec("owner", Map.of("baseImage", "ubuntu")))
                .execute());
        Map<String, Object> job = imageSpecJob("owner-1a2b3c4d");
        cast(job.get("metadata")).put("ownerReferences", List.of(ownerReference("ImageSpec", spec)));
        Map<String, Object> createdJob =
                cast(objects.createNamespacedCustomObject(GROUP, VERSION, namespace.name(), JOBS, job)
                        .execute());
        V1Pod pod = unschedulablePod("owner-1a2b3c4d-build");
        pod.getMetadata()
                .addOwnerReferencesItem(new V1OwnerReference()
                        .apiVersion(GROUP + "/" + VERSION)
                        .kind("ImageSpecJob")
                        .name("owner-1a2b3c4d")
                        .uid(uid(createdJob))
                        .controller(true)
                        .blockOwnerDeletion(true));
        core.createNamespacedPod(namespace.name(), pod).execute();

        objects.deleteNamespacedCustomObject(GROUP, VERSION, namespace.name(), SPECS, "owner")
                .propagationPolicy("Background")
                .execute();

        await("the job owned by the deleted spec to go")
                .atMost(CONTROLLER_TIMEOUT)
                .until(() -> isGone(() -> objects.getNamespacedCustomObject(
                                GROUP, VERSION, namespace.name(), JOBS, "owner-1a2b3c4d")
                        .execute()));
        await("the pod owned by the deleted job to go")
                .atMost(CONTROLLER_TIMEOUT)
                .until(() -> isGone(() -> core.readNamespacedPod("owner-1a2b3c4d-build", namespace.name())
                        .execute()));
    }

    @Test
    void deletingANamespaceEmptiesIt(ApiClient client, TestNamespace namespace) throws ApiException {
        CustomObjectsApi objects = objects(client);
        CoreV1Api core = new CoreV1Api(client);
        objects.createNamespacedCustomObject(
                        GROUP, VERSION, namespace.name(), SPECS, imageSpec("doomed", Map.of("baseImage", "ubuntu")))
                .execute();
        objects.createNamespacedCustomObject(GROUP, VERSION, namespace.name(), JOBS, imageSpecJob("doomed-1a2b3c4d"))
                .execute();
        core.createNamespacedConfigMap(
                        namespace.name(),
                        new V1ConfigMap()
                                .metadata(new V1ObjectMeta().name("doomed-dockerfile"))
                                .data(Map.of("Dockerfile", "FROM ubuntu\n")))
                .execute();
        core.createNamespacedPod(namespace.name(), unschedulablePod("doomed-build"))
                .execute();

        core.deleteNamespace(namespace.name()).execute();

        await("namespace " + namespace.name() + " to be emptied and removed")
                .atMost(CONTROLLER_TIMEOUT)
                .until(() -> isGone(() -> core.readNamespace(namespace.name()).execute()));
        // A namespace of the same name, made again, shows that nothing of the old one survived in etcd.
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace.name())))
                .execute();
        assertEquals(
                List.of(),
                items(cast(objects.listNamespacedCustomObject(GROUP, VERSION, namespace.name(), SPECS)
                        .execute())));
        assertEquals(
                List.of(),
                items(cast(objects.listNamespacedCustomObject(GROUP, VERSION, namespace.name(), JOBS)
                        .execute())));
        assertEquals(
                List.of(), core.listNamespacedPod(namespace.name()).execute().getItems());
        assertTrue(core.listNamespacedConfigMap(namespace.name()).execute().getItems().stream()
                .noneMatch(cm -> "doomed-dockerfile".equals(cm.getMetadata().getName())));
    }

    @Test
    void podsStayPendingUntilATestWritesTheirStatusAsAKubeletWould(ApiClient client, TestNamespace namespace)
            throws ApiException {
        CoreV1Api core = new CoreV1Api(client);
        core.createNamespacedPod(namespace.name(), unschedulablePod("build")).execute();

        await("the pod to stay Pending")
                .during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> "Pending"
                        .equals(core.readNamespacedPod("build", namespace.name())
                                .execute()
                                .getStatus()
                                .getPhase()));

        V1Pod running = core.readNamespacedPod("build", namespace.name()).execute();
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        running.getStatus().phase("Running").startTime(started);
        assertEquals(
                "Running",
                core.replaceNamespacedPodStatus("build", namespace.name(), running)
                        .execute()
                        .getStatus()
                        .getPhase());

        V1Pod succeeded = core.readNamespacedPod("build", namespace.name()).execute();
        succeeded
                .getStatus()
                .phase("Succeeded")
                .containerStatuses(List.of(new V1ContainerStatus()
                        .name("build")
                        .image("busybox")
                        .imageID("")
                        .ready(false)
                        .restartCount(0)
                        .state(new V1ContainerState()
                                .terminated(new V1ContainerStateTerminated()
                                        .exitCode(0)
                                        .reason("Completed")
                                        .startedAt(started)
                                        .finishedAt(started.plusSeconds(1))))));
        core.replaceNamespacedPodStatus("build", namespace.name(), succeeded).execute();

        V1Pod read = core.readNamespacedPod("build", namespace.name()).execute();
        assertEquals("Succeeded", read.getStatus().getPhase());
        assertEquals(
                0,
                read.getStatus()
                        .getContainerStatuses()
                        .get(0)
                        .getState()
                        .getTerminated()
                        .getExitCode());
    }

    private static CustomObjectsApi objects(ApiClient client) {
        return new CustomObjectsApi(client);
    }

    private static Map<String, Object> imageSpec(String name, Map<String, Object> spec) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", GROUP + "/" + VERSION);
        object.put("kind", "ImageSpec");
        object.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
        object.put("spec", new LinkedHashMap<>(spec));
        return object;
    }

    private static Map<String, Object> imageSpecJob(String name) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", GROUP + "/" + VERSION);
        object.put("kind", "ImageSpecJob");
        object.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
        object.put(
                "spec",
                Map.of(
                        "baseImage",
                        "ubuntu",
                        "packages",
                        Map.of(),
                        "targetImage",
                        name + ":1a2b3c4d",
                        "pushSecret",
                        "",
                        "repoPrefix",
                        "registry.local/team",
                        "updateTime",
                        ""));
        return object;
    }

    /**
     * A pod that no scheduler places, so that it stays Pending on k3s and on real clusters too. {@code overhead} is
     * cleared because client-java's model starts it as an empty map, which the API server refuses ("Pod Overhead set
     * without corresponding RuntimeClass defined Overhead"; kubernetes-client/java issue 3076).
     */
    private static V1Pod unschedulablePod(String name) {
        return new V1Pod()
                .metadata(new V1ObjectMeta().name(name))
                .spec(new V1PodSpec()
                        .overhead(null)
                        .restartPolicy("Never")
                        .nodeSelector(Map.of("primehub.io/no-such-node", "true"))
                        .containers(List.of(
                                new V1Container().name("build").image("busybox").command(List.of("true")))));
    }

    private static Map<String, Object> ownerReference(String kind, Map<String, Object> owner) {
        return Map.of(
                "apiVersion",
                GROUP + "/" + VERSION,
                "kind",
                kind,
                "name",
                cast(owner.get("metadata")).get("name"),
                "uid",
                uid(owner),
                "controller",
                true,
                "blockOwnerDeletion",
                true);
    }

    private interface ApiCall {
        Object call() throws ApiException;
    }

    private static boolean isGone(ApiCall read) throws ApiException {
        try {
            read.call();
            return false;
        } catch (ApiException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object object) {
        return (Map<String, Object>) object;
    }

    private static Map<String, Object> copy(Map<String, Object> object) {
        return cast(GSON.fromJson(GSON.toJson(object), Map.class));
    }

    private static long generation(Map<String, Object> object) {
        return ((Number) cast(object.get("metadata")).get("generation")).longValue();
    }

    private static String uid(Map<String, Object> object) {
        return (String) cast(object.get("metadata")).get("uid");
    }

    private static String resourceVersion(Map<String, Object> list) {
        return (String) cast(list.get("metadata")).get("resourceVersion");
    }

    private static List<Object> items(Map<String, Object> list) {
        Object items = list.get("items");
        return items == null ? List.of() : new ArrayList<>((List<?>) items);
    }
}
