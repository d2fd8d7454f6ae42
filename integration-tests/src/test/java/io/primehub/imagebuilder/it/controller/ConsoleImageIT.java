package io.primehub.imagebuilder.it.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Pod;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.reconcile.BuildPodNames;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.ProjectCrds;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.ConsoleImage;
import io.primehub.imagebuilder.it.support.RawApi;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.k8s.build.BuildPodFactory;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.registry.RegistrySettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PrimeHub's console builds custom images through {@code Image}s: these tests make the console's writes, in the
 * console's order (see {@link ConsoleImage}), against the real API server with this project's CRDs, and read what the
 * console reads: {@code status.jobCondition}, {@code spec.url} ({@code isReady}) and, for the build log, the job named
 * after the Image and its {@code status.podName}.
 */
// The controllers are opened for their running, not used by name: "try" warns about that.
@SuppressWarnings("try")
@KubernetesCluster
class ConsoleImageIT {

    private static final String BASE = "jupyter/base-notebook:latest";

    private static String pushed(String image, Packages packages) {
        return ControllerHarness.REPO_PREFIX + "/" + image + ":" + Revision.of(BASE, packages);
    }

    @Test
    void aCustomImageIsBuiltAndTheConsoleSeesItReady(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        ConsoleImage console = new ConsoleImage(new RawApi(client), namespace.name(), "curl-image");
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            console.create(BASE, List.of("curl"), List.of(""), List.of(""));
            String pod = buildToSuccess(k8s, console);

            Packages asWritten = new Packages(List.of("curl"), List.of(""), List.of(""));
            ImageSpecJobResource job = k8s.job("curl-image");
            String image = pushed("curl-image", asWritten);
            assertAll(
                    "the job as PrimeHub's controller makes it, and the Image as the console reads it",
                    () -> assertEquals(
                            "primehub-image", job.getMetadata().getLabels().get("app")),
                    () -> assertEquals(
                            "curl-image", job.getMetadata().getLabels().get("image.primehub.io/name")),
                    () -> assertEquals(
                            Revision.of(BASE, asWritten).value(),
                            job.getMetadata().getAnnotations().get("image.primehub.io/hash")),
                    () -> assertEquals(
                            "Image",
                            job.getMetadata().getOwnerReferences().get(0).getKind()),
                    () -> assertEquals(image, console.jobCondition("image")),
                    () -> assertEquals("curl-image", console.jobCondition("jobName")),
                    () -> assertEquals(image, console.spec("url")),
                    () -> assertEquals(image, console.spec("urlForGpu")),
                    () -> assertEquals(RegistrySettings.DEFAULT_PUSH_SECRET_NAME, console.spec("pullSecret")),
                    () -> assertTrue(console.isReady()),
                    () -> assertEquals(pod, console.logPodName()),
                    () -> assertEquals(1, k8s.pods().size(), "the console's .000Z update time started one build"));
            String dockerfile = k8s.core
                    .readNamespacedPod(pod, namespace.name())
                    .execute()
                    .getMetadata()
                    .getAnnotations()
                    .get(BuildPodFactory.DOCKERFILE_ANNOTATION);
            assertTrue(dockerfile.contains("curl"), dockerfile);
            assertFalse(
                    dockerfile.contains("pip install") || dockerfile.contains("conda install"),
                    "empty text boxes install nothing:\n" + dockerfile);
        }
    }

    @Test
    void rebuildBuildsTheNewPackagesAndKeepsTheLastImageUntilItSucceeds(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        ConsoleImage console = new ConsoleImage(new RawApi(client), namespace.name(), "rebuilt");
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            console.create(BASE, List.of("curl"), List.of(""), List.of(""));
            String first = buildToSuccess(k8s, console);
            String firstImage = console.spec("url");

            console.rebuild(BASE, List.of("numpy"));
            String second = await("a new build pod")
                    .atMost(ControllerHarness.TIMEOUT)
                    .until(() -> k8s.awaitPodName("rebuilt"), name -> !name.equals(first));
            k8s.awaitPod(second);
            console.awaitPhase("Pending");
            await("the first attempt's pod to go")
                    .atMost(ControllerHarness.TIMEOUT)
                    .until(() -> k8s.podGone(first));
            assertEquals(firstImage, console.spec("url"), "the console keeps the last image while it rebuilds");
            assertEquals(firstImage, console.jobCondition("image"));

            k8s.podTerminated(second, 0, null);
            console.awaitPhase("Succeeded");
            // A merge patch keeps the package lists the rebuild did not send (apt), as the console's does.
            String secondImage = pushed("rebuilt", new Packages(List.of("curl"), List.of("numpy"), List.of("")));
            assertEquals(secondImage, console.spec("url"));
            assertEquals(secondImage, console.jobCondition("image"));
            assertEquals(second, console.logPodName());
        }
    }

    @Test
    void cancelStopsTheBuildAndRebuildStartsItAgain(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        ConsoleImage console = new ConsoleImage(new RawApi(client), namespace.name(), "cancelled");
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            console.create(BASE, List.of("curl"), List.of(), List.of());
            String pod = k8s.awaitPodName("cancelled");
            k8s.awaitPod(pod);
            k8s.podRunning(pod);
            console.awaitPhase("Running");

            console.cancel();
            console.awaitPhase("Cancelled");
            k8s.awaitJobPhase("cancelled", "Cancelled");
            await("the build pod to go").atMost(ControllerHarness.TIMEOUT).until(() -> k8s.podGone(pod));
            assertFalse(console.isReady());

            console.rebuild(BASE, List.of("numpy"));
            String next = await("a new build pod")
                    .atMost(ControllerHarness.TIMEOUT)
                    .until(() -> k8s.awaitPodName("cancelled"), name -> !name.equals(pod));
            k8s.awaitPod(next);
            console.awaitPhase("Pending");
        }
    }

    @Test
    void invalidPackagesSayWhyAndBuildNothing(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        ConsoleImage console = new ConsoleImage(new RawApi(client), namespace.name(), "bad-packages");
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            console.create(BASE, List.of(""), List.of("numpy; rm -rf /"), List.of(""));
            JsonObject image = console.awaitPhase("Failed");
            JsonObject condition = image.getAsJsonObject("status")
                    .getAsJsonArray("conditions")
                    .get(0)
                    .getAsJsonObject();
            assertEquals("InvalidSpec", condition.get("reason").getAsString());
            assertTrue(condition.get("message").getAsString().contains("spec.packages.pip[0]"), condition.toString());
            await("a warning event")
                    .atMost(ControllerHarness.TIMEOUT)
                    .until(() -> k8s.events().stream()
                            .anyMatch(e -> "InvalidSpec".equals(e.getReason())
                                    && "Image".equals(e.getInvolvedObject().getKind())));
            assertEquals(List.of(), k8s.allJobs());
            assertEquals(List.of(), k8s.pods());
        }
    }

    @Test
    void anOrdinaryImageIsLeftAsItIs(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        RawApi api = new RawApi(client);
        String images = "/apis/primehub.io/v1alpha1/namespaces/" + namespace.name() + "/images";
        String version = api.send("POST", images, RawApi.JSON, """
                {"apiVersion":"primehub.io/v1alpha1","kind":"Image","metadata":{"name":"plain"},
                 "spec":{"displayName":"plain","type":"cpu","url":"jupyter/base-notebook:latest","imageSpec":null}}
                """)
                .getAsJsonObject("metadata")
                .get("resourceVersion")
                .getAsString();
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            ConsoleImage marker = new ConsoleImage(api, namespace.name(), "marker");
            marker.create(BASE, List.of("curl"), List.of(), List.of());
            marker.awaitPhase("Pending");
            k8s.awaitReconciled("image", "plain");
            JsonObject plain = api.get(images + "/plain");
            assertEquals(
                    version,
                    plain.getAsJsonObject("metadata").get("resourceVersion").getAsString());
            assertFalse(plain.has("status"));
            assertEquals(
                    List.of("marker"),
                    k8s.allJobs().stream().map(j -> j.getMetadata().getName()).toList());
        }
    }

    @Test
    void withoutTheImageCrdTheControllerBuildsSpecsAlone(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        CustomObjectsApi discovery = new CustomObjectsApi(client);
        try {
            new ApiextensionsV1Api(client)
                    .deleteCustomResourceDefinition("images.primehub.io")
                    .execute();
            await("images to be no longer served")
                    .atMost(ControllerHarness.TIMEOUT)
                    .until(() -> discovery.getAPIResources("primehub.io", "v1alpha1").execute().getResources().stream()
                            .noneMatch(r -> r.getName().equals("images")));
            try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
                k8s.createSpec("without-images", BASE, List.of("curl"), null, "2026-12-01T08:00:00Z");
                k8s.awaitPod(BuildPodNames.podName(
                        ObjectNames.jobName(
                                "without-images", Revision.of(BASE, new Packages(List.of("curl"), null, null))),
                        "2026-12-01T08:00:00Z"));
            }
        } finally {
            ProjectCrds.install(client);
        }
    }

    /** Waits for the Image's build pod, plays the kubelet to its success; answers the pod's name. */
    static String buildToSuccess(ControllerHarness k8s, ConsoleImage console) throws Exception {
        String name = console.read().getAsJsonObject("metadata").get("name").getAsString();
        String pod = k8s.awaitPodName(name);
        V1Pod created = k8s.awaitPod(pod);
        assertEquals("primehub-image", created.getMetadata().getLabels().get("app"));
        assertEquals(
                1,
                created.getSpec().getContainers().size(),
                "the console reads the build log without naming a container");
        console.awaitPhase("Pending");
        k8s.podRunning(pod);
        console.awaitPhase("Running");
        k8s.podTerminated(pod, 0, null);
        console.awaitPhase("Succeeded");
        assertNotEquals("", console.spec("url"));
        return pod;
    }
}
