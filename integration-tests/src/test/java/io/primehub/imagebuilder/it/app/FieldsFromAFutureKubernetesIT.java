package io.primehub.imagebuilder.it.app;

import static io.primehub.imagebuilder.it.app.AppSettings.TIMEOUT;
import static io.primehub.imagebuilder.it.support.FieldInjectingProxy.futureFieldAt;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.CoreV1EventList;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.primehub.imagebuilder.domain.status.JobStatus;
import io.primehub.imagebuilder.domain.status.SpecStatus;
import io.primehub.imagebuilder.it.cluster.ProjectCrds;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.e2e.JobPhaseRecorder;
import io.primehub.imagebuilder.it.support.BuildSiteOnTheNode;
import io.primehub.imagebuilder.it.support.FieldInjectingProxy;
import io.primehub.imagebuilder.it.support.RawApi;
import io.primehub.imagebuilder.k8s.controller.Informers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The controller against an API server that sends what it does not know yet: objects of a later Kubernetes (and of a
 * later version of this project's CRDs) read by every path the controller and the facade read through (informers'
 * lists and watch streams, gets, write responses, the leader election's Lease), and fields that a newer schema adds
 * kept across the controller's own writes. The builds run on the tests' real node: its kubelet writes the pods'
 * status, and the proxy adds to that what no kubelet writes yet.
 */
class FieldsFromAFutureKubernetesIT extends BuildSiteOnTheNode {

    /** A real build on the node: 5 to 10 s here, much longer on a busy machine. */
    private static final java.time.Duration BUILD_TIMEOUT = java.time.Duration.ofMinutes(5);

    /** The namespace's pods run on the node, with a pull secret for the registry's private base. */
    private static void buildOnTheNode(ApiClient admin, String namespace) throws Exception {
        node.admit(admin, namespace);
        site.registry().createPullSecret(admin, namespace, "team-pull");
    }

    /** What a later Kubernetes adds to a pod: resize status from 1.33 on, and fields no release has yet. */
    private static final Consumer<JsonObject> FUTURE_POD = futureFieldAt(
                    "spec", "spec.containers", "status", "status.containerStatuses", "status.conditions")
            .andThen(pod -> {
                JsonObject status = pod.getAsJsonObject("status");
                if (status != null) {
                    status.addProperty("resize", "InProgress");
                    JsonObject allocated = new JsonObject();
                    allocated.addProperty("cpu", "250m");
                    status.add("allocatedResources", allocated);
                }
            });

    @Test
    void theStandaloneControllerBuildsWhenEveryObjectCarriesFieldsItDoesNotKnow(
            ApiClient admin, TestNamespace namespace) throws Exception {
        String ns = namespace.name();
        Map<String, Consumer<JsonObject>> future = Map.of(
                "Pod", FUTURE_POD,
                "Event",
                        futureFieldAt("involvedObject", "source").andThen(event -> event.addProperty("futureField", 1)),
                "Lease", futureFieldAt("spec"),
                "ImageSpec", futureFieldAt("spec", "spec.packages", "status"),
                "ImageSpecJob", futureFieldAt("spec", "status"));
        buildOnTheNode(admin, ns);
        try (FieldInjectingProxy proxy = FieldInjectingProxy.start(admin, future);
                Replica replica =
                        Replica.start(proxy.client(), ns, "reads-the-future", AppSettings.onTheNode(site.registry()));
                JobPhaseRecorder phases = JobPhaseRecorder.start(admin, ns, TIMEOUT)) {
            await("leading").atMost(TIMEOUT).until(replica.runtime::isLeading);
            await("ready")
                    .atMost(TIMEOUT)
                    .until(() -> replica.runtime.readiness().ready());

            replica.imageBuilder.apply(AppSettings.nodeSpec(ns, "future", site.registry(), "team-pull"));
            JobStatus job = await("a job with a build pod")
                    .atMost(TIMEOUT)
                    .until(
                            () -> replica.imageBuilder.jobs(ns, "future").stream()
                                    .filter(j -> !j.podName().isEmpty())
                                    .findFirst(),
                            Optional::isPresent)
                    .get();

            // What the controller reads would stop a strict reader: the proof that the fields are really there.
            RawApi throughProxy = new RawApi(proxy.client());
            JsonObject pod = throughProxy.get("/api/v1/namespaces/" + ns + "/pods/" + job.podName());
            JsonObject lease = throughProxy.get(
                    "/apis/coordination.k8s.io/v1/namespaces/" + ns + "/leases/" + AppSettings.LEASE_NAME);
            assertAll(
                    "a client generated without these fields refuses them",
                    () -> assertThrows(IllegalArgumentException.class, () -> V1Pod.validateJsonElement(pod)),
                    () -> assertThrows(IllegalArgumentException.class, () -> V1Lease.validateJsonElement(lease)));

            // The kubelet runs the build: the job follows its pod through Running to Succeeded.
            SpecStatus spec = await("the spec to follow its job to Succeeded")
                    .atMost(BUILD_TIMEOUT)
                    .until(
                            () -> replica.imageBuilder.status(ns, "future"),
                            status -> status.isPresent()
                                    && "Succeeded".equals(status.get().phase()))
                    .get();
            assertEquals(job.name(), spec.jobName());
            assertTrue(
                    phases.phases(job.name()).contains("Running"), "the job was Running: " + phases.phases(job.name()));

            // The events the controller recorded, listed and watched by an informer through the same proxy.
            ApiClient watchClient = Informers.watchClient(proxy.client());
            SharedInformerFactory factory = new SharedInformerFactory(watchClient);
            SharedIndexInformer<CoreV1Event> events = factory.sharedIndexInformerFor(
                    new GenericKubernetesApi<>(
                            CoreV1Event.class, CoreV1EventList.class, "", "v1", "events", watchClient),
                    CoreV1Event.class,
                    0L,
                    ns);
            factory.startAllRegisteredInformers();
            try {
                await("the build's events in an informer")
                        .atMost(TIMEOUT)
                        .until(() -> events.getIndexer().list().stream()
                                .map(CoreV1Event::getReason)
                                .toList()
                                .containsAll(List.of("BuildStarted", "BuildSucceeded")));
            } finally {
                factory.stopAllRegisteredInformers(true);
            }
            assertAll(
                    "objects of every kind were read with fields added",
                    () -> assertTrue(proxy.injected("Pod") > 0, "pods"),
                    () -> assertTrue(proxy.injected("Event") > 0, "events"),
                    () -> assertTrue(proxy.injected("Lease") > 0, "leases"),
                    () -> assertTrue(proxy.injected("ImageSpec") > 0, "specs"),
                    () -> assertTrue(proxy.injected("ImageSpecJob") > 0, "jobs"));
        }
    }

    @Test
    void fieldsThatANewerSchemaAddsSurviveTheControllersWrites(ApiClient admin, TestNamespace namespace)
            throws Exception {
        String ns = namespace.name();
        RawApi api = new RawApi(admin);
        String specs = "/apis/primehub.io/v1alpha1/namespaces/" + ns + "/imagespecs";
        try {
            // A later version of the CRD (this project's, or PrimeHub's) with a field this controller does not know.
            for (String crd : List.of("imagespecs.primehub.io", "imagespecjobs.primehub.io")) {
                api.send(
                        "PATCH",
                        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + crd,
                        RawApi.JSON_PATCH,
                        """
                        [{"op":"add","path":"/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/futureField",
                          "value":{"type":"string"}},
                         {"op":"add","path":"/spec/versions/0/schema/openAPIV3Schema/properties/status/properties/futureField",
                          "value":{"type":"string"}}]""");
            }
            await("the newer schema to be served").atMost(TIMEOUT).until(() -> {
                String probe = "probe-" + System.nanoTime();
                JsonObject created = api.send("POST", specs, RawApi.JSON, """
                        {"apiVersion":"primehub.io/v1alpha1","kind":"ImageSpec","metadata":{"name":"%s"},
                         "spec":{"baseImage":"%s","futureField":"kept"}}""".formatted(probe, "python:3.11-slim"));
                api.delete(specs + "/" + probe);
                return created.getAsJsonObject("spec").has("futureField");
            });

            buildOnTheNode(admin, ns);
            try (Replica replica = Replica.start(admin, ns, "newer-schema", AppSettings.onTheNode(site.registry()))) {
                await("leading").atMost(TIMEOUT).until(replica.runtime::isLeading);
                api.send("POST", specs, RawApi.JSON, """
                        {"apiVersion":"primehub.io/v1alpha1","kind":"ImageSpec","metadata":{"name":"newer"},
                         "spec":{"baseImage":"%s","pullSecret":"team-pull","packages":{"apt":["curl"]},
                                 "futureField":"kept"}}""".formatted(
                                site.registry().baseImage()));
                // Another writer's status field, before the controller writes its own.
                api.send(
                        "PATCH",
                        specs + "/newer/status",
                        RawApi.MERGE_PATCH,
                        "{\"status\":{\"futureField\":\"kept\"}}");
                await("a job with a build pod")
                        .atMost(TIMEOUT)
                        .until(
                                () -> replica.imageBuilder.jobs(ns, "newer").stream()
                                        .filter(j -> !j.podName().isEmpty())
                                        .findFirst(),
                                Optional::isPresent);
                await("the spec to be Succeeded")
                        .atMost(BUILD_TIMEOUT)
                        .until(
                                () -> replica.imageBuilder.status(ns, "newer"),
                                status -> status.isPresent()
                                        && "Succeeded".equals(status.get().phase()));

                JsonObject spec = api.get(specs + "/newer");
                assertAll(
                        "the newer fields after the controller's writes",
                        () -> assertEquals(
                                "kept",
                                spec.getAsJsonObject("spec").get("futureField").getAsString()),
                        () -> assertEquals(
                                "kept",
                                spec.getAsJsonObject("status")
                                        .get("futureField")
                                        .getAsString()),
                        () -> assertEquals(
                                "Succeeded",
                                spec.getAsJsonObject("status").get("phase").getAsString()));
            }
        } finally {
            ProjectCrds.install(admin);
        }
    }
}
