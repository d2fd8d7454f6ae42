package io.primehub.imagebuilder.it.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A converged spec costs no API write: a controller that starts on it (and so reconciles every object once, from
 * its informers' first list) writes nothing about it, and its objects keep their resourceVersions.
 */
// The controllers are opened for their running, not used by name: "try" warns about that.
@SuppressWarnings("try")
@KubernetesCluster
class ControllerNoWritesWhenUnchangedIT {

    private static final String BASE = "jupyter/base-notebook:latest";

    @Test
    void reconcilingAConvergedSpecWritesNothing(TestCluster cluster, ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        String jobName = ObjectNames.jobName("quiet", Revision.of(BASE, new Packages(List.of("curl"), null, null)));
        String podName;
        try (ImageBuilderController first = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("quiet", BASE, List.of("curl"), null, null);
            podName = k8s.awaitPodName(jobName);
            k8s.awaitPod(podName);
            k8s.podTerminated(podName, 0, "pushed");
            k8s.awaitJobPhase(jobName, "Succeeded");
            k8s.awaitSpecPhase("quiet", "Succeeded");
        }
        String specVersion = k8s.spec("quiet").getMetadata().getResourceVersion();
        String jobVersion = k8s.job(jobName).getMetadata().getResourceVersion();
        String podVersion = k8s.awaitPod(podName).getMetadata().getResourceVersion();

        WriteCounter counter = new WriteCounter();
        ApiClient counted = cluster.newApiClient();
        counted.setHttpClient(
                counted.getHttpClient().newBuilder().addInterceptor(counter).build());
        // One worker per kind: the work queue hands out the first list's objects before the marker's, so once the
        // marker's job exists, the converged spec and job have been reconciled.
        try (ImageBuilderController second = k8s.startController(counted, ControllerHarness.configuredRegistry(), 1)) {
            k8s.createSpec("marker", BASE, List.of("git"), null, null);
            String markerJob =
                    ObjectNames.jobName("marker", Revision.of(BASE, new Packages(List.of("git"), null, null)));
            k8s.awaitPod(k8s.awaitPodName(markerJob));
            k8s.awaitJobPhase(markerJob, "Pending");
        }
        // Else the test would pass for a controller that never looked at them.
        assertTrue(
                k8s.reconciles("imagespec", "quiet") > 0 && k8s.reconciles("imagespecjob", jobName) > 0,
                "the second controller reconciled both");
        List<String> writes = counter.writes();
        assertTrue(
                writes.stream().noneMatch(w -> w.contains("/quiet") || w.contains(jobName)),
                "writes about the converged spec: " + writes);
        assertTrue(writes.stream().noneMatch(w -> w.endsWith("/events")), "events were written: " + writes);
        assertEquals(
                1,
                writes.stream()
                        .filter(w -> w.startsWith("POST") && w.endsWith("/pods"))
                        .count(),
                "only the marker's pod is created: " + writes);
        assertTrue(
                writes.stream().noneMatch(w -> w.startsWith("PUT") && w.contains("/secrets/")),
                "the push secret is already in step: " + writes);
        assertEquals(specVersion, k8s.spec("quiet").getMetadata().getResourceVersion());
        assertEquals(jobVersion, k8s.job(jobName).getMetadata().getResourceVersion());
        assertEquals(podVersion, k8s.awaitPod(podName).getMetadata().getResourceVersion());
    }
}
