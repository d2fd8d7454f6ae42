package io.primehub.imagebuilder.it.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.reconcile.BuildPodNames;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.ProjectCrds;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.ConsoleImage;
import io.primehub.imagebuilder.it.support.RawApi;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cluster that keeps PrimeHub's own CRDs, which prune {@code status.conditions} and {@code observedGeneration},
 * require {@code status.podName}, and keep an Image's status in the main resource: the controller builds specs and the
 * console's Images and converges, and a restarted controller, which reconciles
 * everything again, then writes nothing, no status and no event, for a minute.
 */
@SuppressWarnings("try")
@KubernetesCluster
class PrimeHubSchemasIT {

    private static final String BASE = "jupyter/base-notebook:latest";
    private static final String UPDATE_TIME = "2026-12-01T08:00:00Z";
    private static final int SPECS = 10;
    private static final int IMAGES = 3;
    private static final Duration IDLE = Duration.ofSeconds(60);

    @Test
    void convergesAndThenWritesNothingForAMinuteAlsoAfterARestart(
            TestCluster cluster, ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        try {
            ProjectCrds.installFrom(client, "primehub-crds/");
            List<String> jobs = new ArrayList<>();
            try (ImageBuilderController first = k8s.startController(ControllerHarness.configuredRegistry())) {
                for (int i = 0; i < SPECS; i++) {
                    List<String> apt = List.of("curl", "pkg" + i);
                    k8s.createSpec("spec-" + i, BASE, apt, null, UPDATE_TIME);
                    jobs.add(ObjectNames.jobName("spec-" + i, Revision.of(BASE, new Packages(apt, null, null))));
                }
                for (String job : jobs) {
                    String pod = BuildPodNames.podName(job, UPDATE_TIME);
                    k8s.awaitPod(pod);
                    k8s.podRunning(pod);
                    k8s.awaitJobPhase(job, "Running");
                    k8s.podTerminated(pod, 0, "pushed");
                }
                for (int i = 0; i < IMAGES; i++) {
                    ConsoleImage image = new ConsoleImage(new RawApi(client), namespace.name(), "image-" + i);
                    image.create(BASE, List.of("curl", "img" + i), List.of(""), List.of(""));
                    ConsoleImageIT.buildToSuccess(k8s, image);
                    assertTrue(image.isReady());
                    assertFalse(
                            image.read().getAsJsonObject("status").has("conditions"),
                            "PrimeHub's Image schema keeps no conditions");
                }
                for (int i = 0; i < SPECS; i++) {
                    ImageSpecResource spec = k8s.awaitSpecPhase("spec-" + i, "Succeeded");
                    assertTrue(
                            spec.getStatus()
                                    .getImage()
                                    .endsWith(jobs.get(i).substring(jobs.get(i).length() - 8)),
                            spec.getStatus().getImage());
                    assertEquals(null, spec.getStatus().getConditions(), "PrimeHub's schema keeps no conditions");
                }
            }
            int eventsAtConvergence = k8s.events().size();

            // A restart reconciles every spec, Image and job again: nothing it finds needs a write.
            WriteCounter counter = new WriteCounter();
            ApiClient counted = cluster.newApiClient();
            counted.setHttpClient(
                    counted.getHttpClient().newBuilder().addInterceptor(counter).build());
            try (ImageBuilderController second =
                    k8s.startController(counted, ControllerHarness.configuredRegistry(), 2)) {
                // First every spec and job looked at again (a quiet minute alone would pass a controller that
                // never got to them), then a minute for anything that a timer might bring back.
                for (int i = 0; i < SPECS; i++) {
                    k8s.awaitReconciled("imagespec", "spec-" + i);
                    k8s.awaitReconciled("imagespecjob", jobs.get(i));
                }
                await("a minute without a write")
                        .during(IDLE)
                        .atMost(IDLE.plusSeconds(15))
                        .until(() -> counter.writes().isEmpty());
                assertEquals(List.of(), counter.writes());
            }
            assertEquals(eventsAtConvergence, k8s.events().size(), "events were recorded again");
            for (int i = 0; i < SPECS; i++) {
                assertEquals("Succeeded", k8s.spec("spec-" + i).getStatus().getPhase());
            }
        } finally {
            ProjectCrds.install(client);
        }
    }
}
