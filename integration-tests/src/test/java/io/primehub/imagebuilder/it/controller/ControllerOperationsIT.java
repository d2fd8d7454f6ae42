package io.primehub.imagebuilder.it.controller;

import static io.primehub.imagebuilder.it.controller.ControllerHarness.TIMEOUT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.reconcile.BuildPodNames;
import io.primehub.imagebuilder.domain.status.JobStatus;
import io.primehub.imagebuilder.domain.status.SpecStatus;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** What an embedding service does with specs, through {@link ImageSpecOperations}, with the controller running. */
// The controllers are opened for their running, not used by name: "try" warns about that.
@SuppressWarnings("try")
@KubernetesCluster
class ControllerOperationsIT {

    private static final String BASE = "jupyter/base-notebook:latest";

    @Test
    void appliesSpecsReadsStatusesRebuildsAndCancels(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        ImageSpecOperations operations = new ImageSpecOperations(client, Clock.systemUTC());
        String ns = namespace.name();
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            assertTrue(operations.status(ns, "ops").isEmpty());
            operations.apply(new ImageSpec(ns, "ops", BASE, "", new Packages(List.of("curl"), null, null), ""));
            String first = ObjectNames.jobName("ops", Revision.of(BASE, new Packages(List.of("curl"), null, null)));
            SpecStatus pending = await("the spec's status")
                    .atMost(TIMEOUT)
                    .until(() -> operations.status(ns, "ops").orElseThrow(), s -> first.equals(s.jobName()));
            assertEquals("Pending", pending.phase());

            operations.apply(new ImageSpec(ns, "ops", BASE, "", new Packages(List.of("curl", "git"), null, null), ""));
            String second =
                    ObjectNames.jobName("ops", Revision.of(BASE, new Packages(List.of("curl", "git"), null, null)));
            List<JobStatus> jobs = await("both jobs")
                    .atMost(TIMEOUT)
                    .until(
                            () -> operations.jobs(ns, "ops"),
                            list -> list.size() == 2
                                    && list.stream().anyMatch(j -> j.phase().equals("Cancelled")));
            assertEquals(
                    List.of(first, second).stream().sorted().toList(),
                    jobs.stream().map(JobStatus::name).sorted().toList());

            String secondPod = k8s.awaitPodName(second);
            k8s.awaitPod(secondPod);
            k8s.podTerminated(secondPod, 0, "pushed");
            k8s.awaitSpecPhase("ops", "Succeeded");

            operations.rebuild(ns, "ops");
            String updateTime = k8s.spec("ops").getSpec().getUpdateTime();
            assertFalse(updateTime == null || updateTime.isEmpty());
            String rebuildPod = BuildPodNames.podName(second, updateTime);
            assertNotEquals(secondPod, rebuildPod);
            k8s.awaitPod(rebuildPod);
            k8s.awaitJobPhase(second, "Pending");

            assertTrue(operations.cancel(ns, "ops"));
            k8s.awaitJobPhase(second, "Cancelled");
            await("the cancelled build's pod to go").atMost(TIMEOUT).until(() -> k8s.podGone(rebuildPod));
            assertEquals(
                    "Cancelled",
                    await("the spec to show it")
                            .atMost(TIMEOUT)
                            .until(
                                    () -> operations.status(ns, "ops").orElseThrow(),
                                    s -> s.phase().equals("Cancelled"))
                            .reason());
            assertFalse(operations.cancel(ns, "ops"), "nothing runs any more");
            assertThrows(NoSuchElementException.class, () -> operations.rebuild(ns, "no-such-spec"));
        }
    }
}
