package io.primehub.imagebuilder.it.controller;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.reconcile.BuildPodNames;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.PodStatusPatch;
import io.primehub.imagebuilder.it.support.RawApi;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A build pod whose status carries what a kubelet from Kubernetes 1.36 on writes about resources
 * ({@code status.allocatedResources}, and {@code allocatedResources} and {@code resources} per container), kept by
 * the real API server: the job and the spec follow it to the end. With client-java 25's strict models the
 * controller could not read such a pod, and every build stayed Pending.
 */
@SuppressWarnings("try")
@KubernetesCluster
class KubeletResourceFieldsIT {

    private static final String BASE = "jupyter/base-notebook:latest";

    @Test
    void followsABuildPodWithAllocatedResourcesToSucceeded(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("resized", BASE, List.of("curl"), null, "2026-12-01T08:00:00Z");
            String jobName = ObjectNames.jobName("resized", Revision.of(BASE, new Packages(List.of("curl"), null, null)));
            String podName = BuildPodNames.podName(jobName, "2026-12-01T08:00:00Z");
            V1Pod pod = k8s.awaitPod(podName);
            V1Container build = pod.getSpec().getContainers().get(0);
            Instant started = Instant.now();

            PodStatusPatch.running(build, started, started).apply(client, namespace.name(), podName);
            JsonObject status = new RawApi(client)
                    .get("/api/v1/namespaces/" + namespace.name() + "/pods/" + podName).getAsJsonObject("status");
            assertAll("what the API server kept of the kubelet's status",
                    () -> assertTrue(status.has("allocatedResources"), status.toString()),
                    () -> assertTrue(status.getAsJsonArray("containerStatuses").get(0).getAsJsonObject()
                            .has("allocatedResources"), status.toString()));
            k8s.awaitJobPhase(jobName, "Running");

            PodStatusPatch.terminated(build, started, 0, "pushed: " + ControllerHarness.REPO_PREFIX + "/resized:"
                            + jobName.substring(jobName.length() - 8), started, Instant.now(), null)
                    .apply(client, namespace.name(), podName);
            ImageSpecResource spec = k8s.awaitSpecPhase("resized", "Succeeded");
            assertAll(
                    () -> assertEquals("Succeeded", k8s.job(jobName).getStatus().getPhase()),
                    () -> assertEquals(jobName, spec.getStatus().getJobName()),
                    () -> assertEquals(podName, k8s.job(jobName).getStatus().getPodName()));
        }
    }
}
