package io.primehub.imagebuilder.it.controller;

import static io.primehub.imagebuilder.it.controller.ControllerHarness.TIMEOUT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.it.cluster.ClusterKind;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Informers survive watches that end with 410 Gone (the Java client's reflector has had bugs there): etcd is
 * compacted under the running controller, its watches are cut, and the next watch of each informer is answered
 * 410; afterwards the controller still sees new specs, job changes and pod changes.
 */
// The controllers are opened for their running, not used by name: "try" warns about that.
@SuppressWarnings("try")
@KubernetesCluster
class ControllerWatchExpiryIT {

    private static final String BASE = "jupyter/base-notebook:latest";

    @Test
    void theControllerKeepsWorkingAfterItsWatchesExpire(TestCluster cluster, ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        WatchGoneInjector gone = new WatchGoneInjector();
        ApiClient controllerClient = cluster.newApiClient();
        controllerClient.setHttpClient(controllerClient
                .getHttpClient()
                .newBuilder()
                .addInterceptor(gone)
                .build());
        try (ImageBuilderController controller =
                k8s.startController(controllerClient, ControllerHarness.configuredRegistry(), 2)) {
            k8s.createSpec("before", BASE, List.of("curl"), null, null);
            String beforeJob = jobName("before", List.of("curl"));
            String beforePod = k8s.awaitPodName(beforeJob);
            k8s.awaitPod(beforePod);
            k8s.awaitJobPhase(beforeJob, "Pending");

            // History the informers have not seen, then compacted away.
            k8s.createSpec("during", BASE, List.of("git"), null, null);
            Optional<URI> etcd = EtcdCompaction.findEtcd();
            if (cluster.kind() == ClusterKind.ENVTEST) {
                assertTrue(etcd.isPresent(), "the envtest etcd is a child of this JVM");
            }
            if (etcd.isPresent()) {
                System.out.println(
                        "[controller-it] compacted etcd at revision " + EtcdCompaction.compactNow(etcd.get()));
            }
            gone.arm("/imagespecs", "/imagespecjobs", "/pods");
            // Cutting the open watches makes each informer watch again, from the resourceVersion it last saw.
            await("each informer's watch to be answered 410")
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        if (!gone.allAnswered()) {
                            gone.cutOpenWatches();
                        }
                        return gone.allAnswered();
                    });

            String duringJob = jobName("during", List.of("git"));
            k8s.awaitPod(k8s.awaitPodName(duringJob));
            k8s.createSpec("after", BASE, List.of("vim"), null, null);
            String afterJob = jobName("after", List.of("vim"));
            k8s.awaitPod(k8s.awaitPodName(afterJob));
            k8s.awaitJobPhase(afterJob, "Pending");

            k8s.podRunning(beforePod);
            k8s.awaitJobPhase(beforeJob, "Running");
            k8s.podTerminated(beforePod, 0, "pushed");
            k8s.awaitSpecPhase("before", "Succeeded");
            assertTrue(gone.injected().size() >= 3, "410s answered: " + gone.injected());
        }
    }

    private static String jobName(String spec, List<String> apt) {
        return ObjectNames.jobName(spec, Revision.of(BASE, new Packages(apt, null, null)));
    }
}
