package io.primehub.imagebuilder.it.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.port.BuiltImages;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.cluster.TestNode;
import io.primehub.imagebuilder.it.support.BuildSiteOnTheNode;
import io.primehub.imagebuilder.it.support.PrivateBaseRegistry;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.k8s.ControllerOptions;
import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import io.primehub.imagebuilder.k8s.build.BuildLogs;
import io.primehub.imagebuilder.k8s.resource.ConditionField;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecSpec;
import io.primehub.imagebuilder.k8s.resource.PackagesField;
import io.primehub.imagebuilder.registry.RegistryBuiltImages;
import io.primehub.imagebuilder.registry.SettingsRegistryCredentials;
import io.primehub.imagebuilder.registry.client.Manifest;
import io.primehub.imagebuilder.registry.client.RegistryClientException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The whole product on real parts: an {@code ImageSpec} created on a real API server is turned by the real
 * controller into a job and a build pod; kube-scheduler places that pod on the real {@link TestNode}, whose kubelet,
 * containerd and runc run it in the builder image (its build script, buildah); the image lands in a real
 * authenticated registry on the node's bridge; the statuses end where a user reads them.
 *
 * <p>The registry is private for reads too (htpasswd), so every spec that builds on its base names a pull secret:
 * the controller's own push secret (same registry, the usual case for an image built on another custom image),
 * or a Secret the user made.
 */
// A resource opened for its running, not used by name: "try" warns about that.
@SuppressWarnings("try")
class ImageBuildEndToEndIT extends BuildSiteOnTheNode {

    /** Builds take 20 to 90 s here; the machine has 2 cores shared with other builds. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(12);

    private static final Duration POLL = Duration.ofMillis(250);

    @Test
    void buildsAndPushesASpecFromCreationToSucceeded(ApiClient client, TestNamespace namespace, TestCluster cluster)
            throws Exception {
        String name = "curl-notebook";
        Packages packages = new Packages(List.of("curl"), List.of(), List.of());
        String pushSecret = registry.settings().pushSecretName();
        try (EndToEndStack stack = EndToEndStack.start(
                client, node, namespace.name(), registry, EndToEndStack.buildPods(registry, Duration.ofMinutes(30)))) {
            long created = System.nanoTime();
            createSpec(client, namespace, name, registry.baseImage(), pushSecret, packages);
            ImageSpecResource spec = awaitFinished(client, namespace, name, stack);
            double seconds = (System.nanoTime() - created) / 1e9;

            String revision = Revision.of(registry.baseImage(), packages).value();
            String image = registry.repoPrefix() + "/" + name + ":" + revision;
            String jobName = ObjectNames.jobName(name, new Revision(revision));
            assertEquals("Succeeded", spec.getStatus().getPhase(), () -> describe(client, namespace, name, stack));
            assertEquals(image, spec.getStatus().getImage());
            assertEquals(jobName, spec.getStatus().getJobName());
            assertEquals(
                    List.of("Pending", "Running", "Succeeded"),
                    stack.phases.phases(jobName),
                    "the job's phases, as the API server's watch reported them");

            ImageSpecJobResource job = job(client, namespace, jobName);
            assertEquals("Succeeded", job.getStatus().getPhase());
            assertNotNull(job.getStatus().getStartTime(), "the job's startTime");
            assertNotNull(job.getStatus().getFinishTime(), "the job's finishTime");
            V1Pod pod = new CoreV1Api(client)
                    .readNamespacedPod(job.getStatus().getPodName(), namespace.name())
                    .execute();
            assertEquals("Succeeded", pod.getStatus().getPhase());
            assertNotNull(pod.getStatus().getStartTime(), "the pod's startTime");
            // What a kubelet from 1.36 on writes about resources, which client-java's strict models could not read:
            // the controller followed this pod to Succeeded all the same.
            com.google.gson.JsonObject container = new io.primehub.imagebuilder.it.support.RawApi(client)
                    .get("/api/v1/namespaces/" + namespace.name() + "/pods/"
                            + job.getStatus().getPodName())
                    .getAsJsonObject("status")
                    .getAsJsonArray("containerStatuses")
                    .get(0)
                    .getAsJsonObject();
            assertTrue(
                    container.has("allocatedResources") && container.has("resources"),
                    "the kubelet wrote the container's allocatedResources and resources: " + container);
            V1ContainerStateTerminated terminated =
                    terminated(client, namespace, job.getStatus().getPodName());
            assertEquals(0, terminated.getExitCode());
            assertNotNull(terminated.getStartedAt(), "the container's startedAt");
            assertNotNull(terminated.getFinishedAt(), "the container's finishedAt");
            assertEquals("Completed", terminated.getReason());
            String pushed = terminated.getMessage().strip();
            assertTrue(
                    pushed.startsWith("pushed: " + image + "@sha256:"),
                    "the termination message names the pushed digest: " + pushed);

            Manifest manifest = registry.client().manifest(repository(name), revision);
            assertTrue(
                    pushed.endsWith("@" + manifest.digest()),
                    "the registry holds the digest the build reported: " + manifest.digest());
            assertEquals(manifest.digest(), job.getStatus().getImageDigest(), "the job's status names the digest");
            assertEquals(manifest.digest(), spec.getStatus().getImageDigest(), "so does the spec's");
            ImageSpecOperations facade = new ImageSpecOperations(client, Clock.systemUTC());
            assertEquals(
                    manifest.digest(),
                    facade.status(namespace.name(), name).orElseThrow().imageDigest());
            assertEquals(
                    manifest.digest(),
                    facade.jobs(namespace.name(), name).get(0).imageDigest());
            JsonNode config = registry.client().config(repository(name), manifest);
            assertEquals(
                    "jovyan",
                    config.path("config").path("User").asText(),
                    "the pushed image runs as its base's user, not as the root that installed the packages");
            Manifest base =
                    registry.client().manifest(PrivateBaseRegistry.BASE_REPOSITORY, PrivateBaseRegistry.BASE_TAG);
            assertEquals(base.layers().size() + 1, manifest.layers().size(), "one layer on top of the base's");

            assertPasswordAppearsNowhere(
                    client, namespace, name, jobName, job.getStatus().getPodName());
            System.out.printf(
                    "MEASURE e2e-seconds=%.1f (create to Succeeded) spec=%s packages=apt:curl "
                            + "build-seconds=%d pushed-bytes=%d%n",
                    seconds,
                    name,
                    Duration.between(terminated.getStartedAt(), terminated.getFinishedAt())
                            .toSeconds(),
                    manifest.layers().stream().mapToLong(layer -> layer.size()).sum());
            printTranscript(cluster, namespace, name);
        }
    }

    @Test
    void aFinishedBuildsPodGoesAfterItsTimeToLiveAndItsLogStays(ApiClient client, TestNamespace namespace)
            throws Exception {
        String name = "short-lived-pod";
        Duration ttl = Duration.ofSeconds(3);
        try (EndToEndStack stack = EndToEndStack.start(
                client,
                node,
                namespace.name(),
                registry.credentials(),
                EndToEndStack.buildPods(registry, Duration.ofMinutes(30)),
                new ControllerOptions(namespace.name(), 2).withPodTtl(ttl))) {
            createSpec(
                    client,
                    namespace,
                    name,
                    registry.baseImage(),
                    registry.settings().pushSecretName(),
                    new Packages(List.of("curl"), List.of(), List.of()));
            ImageSpecResource spec = awaitFinished(client, namespace, name, stack);
            assertEquals("Succeeded", spec.getStatus().getPhase(), () -> describe(client, namespace, name, stack));
            String jobName = spec.getStatus().getJobName();
            String podName = job(client, namespace, jobName).getStatus().getPodName();

            await("the finished pod to go after its time to live")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(POLL)
                    .until(() -> podGone(client, namespace, podName));
            java.time.Instant goneBy = java.time.Instant.now();
            ImageSpecJobResource job = job(client, namespace, jobName);
            java.util.Map<String, String> annotations = job.getMetadata().getAnnotations();
            assertTrue(
                    annotations == null || !annotations.containsKey(BuildLogs.LOST_ANNOTATION),
                    () -> "its log was kept before it went: " + annotations);
            // finishTime is written to the second: the pod may go up to a second before finishTime + ttl
            java.time.Instant due = java.time.OffsetDateTime.parse(
                            job.getStatus().getFinishTime())
                    .toInstant()
                    .plus(ttl)
                    .minusSeconds(1);
            assertTrue(goneBy.isAfter(due), "not before its time: seen gone at " + goneBy + ", due " + due);
            assertEquals("Succeeded", job.getStatus().getPhase(), "the job stays as it was");
            assertEquals(podName, job.getStatus().getPodName(), "and still names its pod");
            String log = new ImageSpecOperations(client, Clock.systemUTC()).buildLog(namespace.name(), jobName);
            assertTrue(log.contains("==> done in "), "the kept log: " + log);
        }
    }

    @Test
    void buildsOnAPrivateBaseWithThePullSecretTheSpecNames(ApiClient client, TestNamespace namespace) throws Exception {
        String name = "private-base";
        Packages packages = new Packages(List.of("ca-certificates"), List.of(), List.of());
        registry.createPullSecret(client, namespace.name(), "team-registry-pull");
        try (EndToEndStack stack = EndToEndStack.start(
                client, node, namespace.name(), registry, EndToEndStack.buildPods(registry, Duration.ofMinutes(30)))) {
            createSpec(client, namespace, name, registry.baseImage(), "team-registry-pull", packages);
            ImageSpecResource spec = awaitFinished(client, namespace, name, stack);

            String revision = Revision.of(registry.baseImage(), packages).value();
            assertEquals("Succeeded", spec.getStatus().getPhase(), () -> describe(client, namespace, name, stack));
            assertEquals(
                    registry.repoPrefix() + "/" + name + ":" + revision,
                    spec.getStatus().getImage());
            assertEquals(
                    "jovyan",
                    registry.client()
                            .config(repository(name), revision)
                            .path("config")
                            .path("User")
                            .asText());
            assertPasswordAppearsNowhere(
                    client,
                    namespace,
                    name,
                    spec.getStatus().getJobName(),
                    job(client, namespace, spec.getStatus().getJobName())
                            .getStatus()
                            .getPodName());
        }
    }

    @Test
    void failsToPullAPrivateBaseWhenTheSpecNamesNoPullSecret(ApiClient client, TestNamespace namespace)
            throws Exception {
        String name = "no-pull-secret";
        try (EndToEndStack stack = EndToEndStack.start(
                client, node, namespace.name(), registry, EndToEndStack.buildPods(registry, Duration.ofMinutes(30)))) {
            createSpec(
                    client,
                    namespace,
                    name,
                    registry.baseImage(),
                    null,
                    new Packages(List.of("curl"), List.of(), List.of()));
            ImageSpecResource spec = awaitFinished(client, namespace, name, stack);

            assertEquals("Failed", spec.getStatus().getPhase(), () -> describe(client, namespace, name, stack));
            ConditionField jobCondition = condition(
                    job(client, namespace, spec.getStatus().getJobName())
                            .getStatus()
                            .getConditions(),
                    "Succeeded");
            assertEquals("PullFailed", jobCondition.getReason());
            assertTrue(jobCondition.getMessage().contains("unauthorized"), jobCondition.getMessage());
            assertEquals(
                    "PullFailed",
                    condition(spec.getStatus().getConditions(), "Ready").getReason());
            assertEquals("", nullToEmpty(spec.getStatus().getImage()), "a failed spec names no image");
        }
    }

    @Test
    void aPushWithWrongCredentialsEndsPushFailedAndTheWrongPasswordAppearsNowhere(
            ApiClient client, TestNamespace namespace) throws Exception {
        String name = "wrong-push-password";
        String wrongPassword = "Wrong-" + java.util.UUID.randomUUID();
        // The pull secret is right, so the build gets as far as the push, whose secret the controller writes from
        // wrong settings. The registry refuses them when asked whether the image is built already (401): that
        // never blocks a build, which runs and fails at its push.
        registry.createPullSecret(client, namespace.name(), "team-registry-pull");
        RegistryBuiltImages builtImages = new RegistryBuiltImages(registry.settings(wrongPassword));
        List<BuiltImages.Lookup> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        BuiltImages asked = (image, recipe, credential) -> {
            BuiltImages.Lookup answer = builtImages.lookup(image, recipe, credential);
            answers.add(answer);
            return answer;
        };
        try (EndToEndStack stack = EndToEndStack.start(
                client,
                node,
                namespace.name(),
                new SettingsRegistryCredentials(registry.settings(wrongPassword)),
                asked,
                EndToEndStack.buildPods(registry, Duration.ofMinutes(30)),
                new ControllerOptions(namespace.name(), 2))) {
            createSpec(
                    client,
                    namespace,
                    name,
                    registry.baseImage(),
                    "team-registry-pull",
                    new Packages(List.of("curl"), List.of(), List.of()));
            ImageSpecResource spec = awaitFinished(client, namespace, name, stack);

            assertEquals("Failed", spec.getStatus().getPhase(), () -> describe(client, namespace, name, stack));
            ImageSpecJobResource job = job(client, namespace, spec.getStatus().getJobName());
            ConditionField jobCondition = condition(job.getStatus().getConditions(), "Succeeded");
            assertEquals("PushFailed", jobCondition.getReason());
            assertTrue(jobCondition.getMessage().contains("unauthorized"), jobCondition.getMessage());
            assertEquals(
                    "PushFailed",
                    condition(spec.getStatus().getConditions(), "Ready").getReason());
            assertEquals(
                    40,
                    terminated(client, namespace, job.getStatus().getPodName()).getExitCode());
            assertTrue(
                    answers.size() == 1
                            && answers.get(0) instanceof BuiltImages.Lookup.Unknown unknown
                            && unknown.why().contains("refused access"),
                    "the registry was asked, refused: " + answers);
            assertFalse(answers.toString().contains(wrongPassword), answers::toString);
            String everything = JSON.serialize(spec)
                    + JSON.serialize(job)
                    + JSON.serialize(new CoreV1Api(client)
                            .listNamespacedEvent(namespace.name())
                            .execute())
                    + podLog(client, namespace, job.getStatus().getPodName());
            assertFalse(everything.contains(wrongPassword), "the wrong password is in a status, an event or the log");
        }
    }

    @Test
    void reportsAnAptPackageThatDoesNotExistAsBuildFailedNamingThePackage(
            ApiClient client, TestNamespace namespace, TestCluster cluster) throws Exception {
        String name = "missing-package";
        String missing = "primehub-e2e-no-such-package";
        String pushSecret = registry.settings().pushSecretName();
        try (EndToEndStack stack = EndToEndStack.start(
                client, node, namespace.name(), registry, EndToEndStack.buildPods(registry, Duration.ofMinutes(30)))) {
            createSpec(
                    client,
                    namespace,
                    name,
                    registry.baseImage(),
                    pushSecret,
                    new Packages(List.of(missing), List.of(), List.of()));
            ImageSpecResource spec = awaitFinished(client, namespace, name, stack);

            assertEquals("Failed", spec.getStatus().getPhase(), () -> describe(client, namespace, name, stack));
            String jobName = spec.getStatus().getJobName();
            ImageSpecJobResource job = job(client, namespace, jobName);
            assertEquals("Failed", job.getStatus().getPhase());
            assertEquals(List.of("Pending", "Running", "Failed"), stack.phases.phases(jobName));
            ConditionField jobCondition = condition(job.getStatus().getConditions(), "Succeeded");
            assertEquals("False", jobCondition.getStatus());
            assertEquals("BuildFailed", jobCondition.getReason());
            assertTrue(
                    jobCondition.getMessage().contains(missing),
                    "the job's message names the package: " + jobCondition.getMessage());
            ConditionField specCondition = condition(spec.getStatus().getConditions(), "Ready");
            assertEquals("False", specCondition.getStatus());
            assertEquals("BuildFailed", specCondition.getReason());
            assertTrue(
                    specCondition.getMessage().contains(missing),
                    "the spec's message names the package: " + specCondition.getMessage());
            assertEquals(
                    30,
                    terminated(client, namespace, job.getStatus().getPodName()).getExitCode(),
                    "the build step's exit code");
            assertPasswordAppearsNowhere(
                    client, namespace, name, jobName, job.getStatus().getPodName());

            // The log outlives the pod: the controller kept its end beside the job.
            CoreV1Api core = new CoreV1Api(client);
            V1ConfigMap kept = await("the controller to keep the log")
                    .atMost(BUILD_TIMEOUT)
                    .pollInterval(POLL)
                    .ignoreException(io.kubernetes.client.openapi.ApiException.class)
                    .until(
                            () -> core.readNamespacedConfigMap(BuildLogs.configMapName(jobName), namespace.name())
                                    .execute(),
                            Objects::nonNull);
            assertEquals(
                    job.getStatus().getPodName(),
                    kept.getMetadata().getAnnotations().get(BuildLogs.POD_ANNOTATION));
            assertEquals(jobName, kept.getMetadata().getOwnerReferences().get(0).getName(), "owned by the job");
            assertFalse(kept.getData().get(BuildLogs.DATA_KEY).contains(registry.password()));
            core.deleteNamespacedPod(job.getStatus().getPodName(), namespace.name())
                    .gracePeriodSeconds(0)
                    .execute();
            await("the pod to go")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(POLL)
                    .until(() -> podGone(client, namespace, job.getStatus().getPodName()));
            String log = new ImageSpecOperations(client, Clock.systemUTC()).buildLog(namespace.name(), jobName);
            assertTrue(log.contains("Unable to locate package " + missing), "the kept log names the package: " + log);
            assertTrue(log.contains("==> build "), "the kept log has the build's steps: " + log);
            // and the command line prints the same, for the job and, following, for the spec's newest job
            for (String[] args : List.of(
                    new String[] {"logs", "-n", namespace.name(), jobName},
                    new String[] {"logs", "-f", "-n", namespace.name(), name})) {
                io.primehub.imagebuilder.it.support.CliRun printed =
                        io.primehub.imagebuilder.it.support.CliRun.of(cluster.kubeconfig(), args);
                assertEquals(0, printed.exit(), printed::err);
                assertEquals(log, printed.out(), "image-builder " + String.join(" ", args) + " prints the kept log");
            }
            printTranscript(cluster, namespace, name);
        }
    }

    @Test
    void stopsABuildThatRunsPastItsDeadline(ApiClient client, TestNamespace namespace) throws Exception {
        String name = "too-slow";
        String pushSecret = registry.settings().pushSecretName();
        try (EndToEndStack stack = EndToEndStack.start(
                client, node, namespace.name(), registry, EndToEndStack.buildPods(registry, Duration.ofSeconds(2)))) {
            createSpec(
                    client,
                    namespace,
                    name,
                    registry.baseImage(),
                    pushSecret,
                    new Packages(List.of("curl"), List.of(), List.of()));
            ImageSpecResource spec = awaitFinished(client, namespace, name, stack);

            assertEquals("Failed", spec.getStatus().getPhase(), () -> describe(client, namespace, name, stack));
            ImageSpecJobResource job = job(client, namespace, spec.getStatus().getJobName());
            assertEquals(
                    "DeadlineExceeded",
                    condition(job.getStatus().getConditions(), "Succeeded").getReason());
            V1Pod pod = new CoreV1Api(client)
                    .readNamespacedPod(job.getStatus().getPodName(), namespace.name())
                    .execute();
            assertEquals("Failed", pod.getStatus().getPhase());
            assertEquals("DeadlineExceeded", pod.getStatus().getReason());
            String revision = Revision.of(registry.baseImage(), new Packages(List.of("curl"), List.of(), List.of()))
                    .value();
            RegistryClientException absent = assertThrows(
                    RegistryClientException.class,
                    () -> registry.client().manifest(repository(name), revision),
                    "nothing was pushed");
            assertEquals(404, absent.status());
        }
    }

    @Test
    void theBuildLogIsEmptyWhileTheBuildContainerWaitsToStart(ApiClient client, TestNamespace namespace)
            throws Exception {
        String name = "waiting-build";
        // A builder image the node does not have and cannot pull (pods reach no registry): the container waits.
        BuildPodSettings unpullable = new BuildPodSettings(
                "primehub-image-builder/buildah:not-on-this-node",
                "500m",
                "1Gi",
                "2",
                "4Gi",
                "20Gi",
                Duration.ofMinutes(30),
                registry.settings().insecure());
        try (EndToEndStack stack = EndToEndStack.start(client, node, namespace.name(), registry, unpullable)) {
            createSpec(
                    client,
                    namespace,
                    name,
                    registry.baseImage(),
                    registry.settings().pushSecretName(),
                    new Packages(List.of("curl"), List.of(), List.of()));
            String jobName = await("the spec to name its job")
                    .atMost(BUILD_TIMEOUT)
                    .pollInterval(POLL)
                    .until(
                            () -> spec(client, namespace, name).getStatus(),
                            status -> status != null
                                    && status.getJobName() != null
                                    && !status.getJobName().isEmpty())
                    .getJobName();
            String podName = await("the job to name its pod")
                    .atMost(BUILD_TIMEOUT)
                    .pollInterval(POLL)
                    .until(
                            () -> job(client, namespace, jobName).getStatus().getPodName(),
                            pod -> pod != null && !pod.isEmpty());
            CoreV1Api core = new CoreV1Api(client);
            await("the kubelet to report the build container waiting")
                    .atMost(BUILD_TIMEOUT)
                    .pollInterval(POLL)
                    .until(
                            () -> core.readNamespacedPod(podName, namespace.name())
                                    .execute()
                                    .getStatus(),
                            status -> status.getContainerStatuses() != null
                                    && !status.getContainerStatuses().isEmpty()
                                    && status.getContainerStatuses()
                                                    .get(0)
                                                    .getState()
                                                    .getWaiting()
                                            != null);
            io.kubernetes.client.openapi.ApiException refused = assertThrows(
                    io.kubernetes.client.openapi.ApiException.class,
                    () -> core.readNamespacedPodLog(podName, namespace.name()).execute());
            assertEquals(400, refused.getCode(), "the API server refuses the log of a container not started yet");

            assertEquals(
                    "",
                    new ImageSpecOperations(client, Clock.systemUTC()).buildLog(namespace.name(), jobName),
                    "no log yet, and no error");
        }
    }

    @Test
    void cancellingARunningBuildDeletesItsPodAndStopsTheContainer(ApiClient client, TestNamespace namespace)
            throws Exception {
        String name = "cancelled-build";
        String pushSecret = registry.settings().pushSecretName();
        try (EndToEndStack stack = EndToEndStack.start(
                client, node, namespace.name(), registry, EndToEndStack.buildPods(registry, Duration.ofMinutes(30)))) {
            createSpec(
                    client,
                    namespace,
                    name,
                    registry.baseImage(),
                    pushSecret,
                    new Packages(List.of("curl"), List.of(), List.of()));
            String jobName = await("the spec to name its job")
                    .atMost(BUILD_TIMEOUT)
                    .pollInterval(POLL)
                    .until(
                            () -> spec(client, namespace, name).getStatus(),
                            status -> status != null
                                    && status.getJobName() != null
                                    && !status.getJobName().isEmpty())
                    .getJobName();
            ImageSpecOperations operations = new ImageSpecOperations(client, Clock.systemUTC());
            String log = await("the build's live log, through pods/log, to reach its pull step")
                    .atMost(BUILD_TIMEOUT)
                    .pollInterval(POLL)
                    .ignoreException(java.util.NoSuchElementException.class)
                    .until(() -> operations.buildLog(namespace.name(), jobName), text -> text.contains("==> pull "));
            assertTrue(log.startsWith("==> init"), "the log begins where the build script does: " + log);
            String podName = job(client, namespace, jobName).getStatus().getPodName();
            V1Pod running = new CoreV1Api(client)
                    .readNamespacedPod(podName, namespace.name())
                    .execute();
            assertNotNull(
                    running.getStatus().getContainerStatuses().get(0).getState().getRunning(),
                    "the build container runs while its log grows");

            assertTrue(operations.cancel(namespace.name(), name), "a running build can be cancelled");
            ImageSpecResource spec = awaitFinished(client, namespace, name, stack);

            assertEquals("Cancelled", spec.getStatus().getPhase(), () -> describe(client, namespace, name, stack));
            assertEquals(
                    "Cancelled", job(client, namespace, jobName).getStatus().getPhase());
            // the API server removes a pod being deleted only once the kubelet says its containers have stopped
            await("the kubelet to stop the build container and the pod to go")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(POLL)
                    .until(() -> podGone(client, namespace, podName));
        }
    }

    static boolean podGone(ApiClient client, TestNamespace namespace, String podName) {
        try {
            new CoreV1Api(client).readNamespacedPod(podName, namespace.name()).execute();
            return false;
        } catch (io.kubernetes.client.openapi.ApiException e) {
            if (e.getCode() == 404) {
                return true;
            }
            throw new IllegalStateException(e);
        }
    }

    static String repository(String specName) {
        return PrivateBaseRegistry.REPO_PREFIX_PATH + "/" + specName;
    }

    static void createSpec(
            ApiClient client,
            TestNamespace namespace,
            String name,
            String baseImage,
            String pullSecret,
            Packages packages) {
        ImageSpecResource spec = new ImageSpecResource()
                .setApiVersion(CustomResources.API_VERSION)
                .setKind(ImageSpecResource.KIND)
                .setMetadata(new V1ObjectMeta().name(name).namespace(namespace.name()))
                .setSpec(new ImageSpecSpec()
                        .setBaseImage(baseImage)
                        .setPullSecret(pullSecret)
                        .setPackages(new PackagesField()
                                .setApt(packages.apt().isEmpty() ? null : packages.apt())
                                .setPip(packages.pip().isEmpty() ? null : packages.pip())
                                .setConda(packages.conda().isEmpty() ? null : packages.conda())));
        ok(CustomResources.imageSpecs(client).create(spec), "create ImageSpec " + name);
    }

    /** The spec once it is Succeeded, Failed or Cancelled. */
    static ImageSpecResource awaitFinished(
            ApiClient client, TestNamespace namespace, String name, EndToEndStack stack) {
        Set<String> finished = Set.of("Succeeded", "Failed", "Cancelled");
        try {
            return await("spec " + name + " to finish")
                    .atMost(BUILD_TIMEOUT)
                    .pollInterval(POLL)
                    .until(
                            () -> spec(client, namespace, name),
                            spec -> spec.getStatus() != null
                                    && finished.contains(spec.getStatus().getPhase()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + describe(client, namespace, name, stack), e);
        }
    }

    static ImageSpecResource spec(ApiClient client, TestNamespace namespace, String name) {
        return ok(CustomResources.imageSpecs(client).get(namespace.name(), name), "get ImageSpec " + name);
    }

    static ImageSpecJobResource job(ApiClient client, TestNamespace namespace, String name) {
        return ok(CustomResources.imageSpecJobs(client).get(namespace.name(), name), "get ImageSpecJob " + name);
    }

    private static V1ContainerStateTerminated terminated(ApiClient client, TestNamespace namespace, String podName)
            throws Exception {
        V1Pod pod = new CoreV1Api(client)
                .readNamespacedPod(podName, namespace.name())
                .execute();
        V1ContainerStateTerminated terminated =
                pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertNotNull(terminated, "pod " + podName + " has a terminated container");
        return terminated;
    }

    static ConditionField condition(List<ConditionField> conditions, String type) {
        assertNotNull(conditions, "conditions");
        return conditions.stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + conditions));
    }

    /**
     * (d) The registry password, and the base64 {@code user:password} a docker config JSON carries, appear in no
     * status of the spec or the job, no Event of the namespace, and nowhere in the build pod (its env included).
     */
    private static void assertPasswordAppearsNowhere(
            ApiClient client, TestNamespace namespace, String specName, String jobName, String podName)
            throws Exception {
        String password = registry.password();
        String auth = Base64.getEncoder()
                .encodeToString((PrivateBaseRegistry.USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        CoreV1Api core = new CoreV1Api(client);
        V1Pod pod = core.readNamespacedPod(podName, namespace.name()).execute();
        Map<String, String> places = Map.of(
                "the spec's status",
                        JSON.serialize(spec(client, namespace, specName).getStatus()),
                "the job's status",
                        JSON.serialize(job(client, namespace, jobName).getStatus()),
                "the namespace's events",
                        JSON.serialize(
                                core.listNamespacedEvent(namespace.name()).execute()),
                "the build pod's env",
                        JSON.serialize(pod.getSpec().getContainers().get(0).getEnv()),
                "the build pod", JSON.serialize(pod));
        for (Map.Entry<String, String> place : places.entrySet()) {
            assertFalse(place.getValue().contains(password), "the registry password appears in " + place.getKey());
            assertFalse(place.getValue().contains(auth), "the base64 credentials appear in " + place.getKey());
        }
        assertFalse(
                core.listNamespacedEvent(namespace.name()).execute().getItems().isEmpty(),
                "the controller recorded events, so searching them meant something");
    }

    /** For people: a failed wait shows where the build stands and what the container printed. */
    static String describe(ApiClient client, TestNamespace namespace, String specName, EndToEndStack stack) {
        StringBuilder text = new StringBuilder();
        try {
            ImageSpecResource spec = spec(client, namespace, specName);
            text.append("spec status: ")
                    .append(JSON.serialize(spec.getStatus()))
                    .append('\n');
            for (ImageSpecJobResource job : ok(
                            CustomResources.imageSpecJobs(client).list(namespace.name()), "list jobs")
                    .getItems()) {
                text.append("job ")
                        .append(job.getMetadata().getName())
                        .append(" status: ")
                        .append(JSON.serialize(job.getStatus()))
                        .append('\n');
                if (job.getStatus() != null && job.getStatus().getPodName() != null) {
                    text.append("container log of ")
                            .append(job.getStatus().getPodName())
                            .append(":\n")
                            .append(podLog(client, namespace, job.getStatus().getPodName()))
                            .append('\n');
                }
            }
        } catch (RuntimeException e) {
            text.append("(could not read the state: ").append(e).append(")");
        }
        return text.toString();
    }

    private static String podLog(ApiClient client, TestNamespace namespace, String podName) {
        try {
            return new CoreV1Api(client)
                    .readNamespacedPodLog(podName, namespace.name())
                    .execute();
        } catch (io.kubernetes.client.openapi.ApiException e) {
            return "(no log: HTTP " + e.getCode() + ")";
        }
    }

    /** The spec as {@code kubectl get imagespec -o yaml} shows it, for a closing note. */
    private static void printTranscript(TestCluster cluster, TestNamespace namespace, String name) throws Exception {
        Path kubectl = io.primehub.imagebuilder.it.support.K8sTools.kubectl();
        List<String> command = List.of(
                kubectl.toString(),
                "--kubeconfig",
                cluster.kubeconfig().toString(),
                "-n",
                namespace.name(),
                "get",
                "imagespec",
                name,
                "-o",
                "yaml");
        Path output = Files.createTempFile("e2e-kubectl", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            System.out.println("TRANSCRIPT $ kubectl -n " + namespace.name() + " get imagespec " + name + " -o yaml\n"
                    + Files.readString(output, StandardCharsets.UTF_8) + "END TRANSCRIPT");
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    static <T extends io.kubernetes.client.common.KubernetesType> T ok(KubernetesApiResponse<T> response, String what) {
        if (!response.isSuccess()) {
            throw new IllegalStateException(what + ": HTTP " + response.getHttpStatusCode() + " "
                    + (response.getStatus() == null ? "" : response.getStatus().getMessage()));
        }
        return response.getObject();
    }
}
