package io.primehub.imagebuilder.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real node itself: it runs the pods of an admitted namespace (scheduled, pulled from containerd's store, run by
 * runc, networked on the tests' bridge, their log served through {@code pods/log}) and no pod of any other namespace.
 */
@KubernetesCluster
class RealNodeIT {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void runsThePodsOfAnAdmittedNamespaceAndServesTheirLog(
            ApiClient client, TestCluster cluster, TestNamespace namespace) throws Exception {
        cluster.requireNode().admit(client, namespace.name());
        CoreV1Api core = new CoreV1Api(client);
        core.createNamespacedPod(namespace.name(), pod("hello", "echo hello from $(hostname)"))
                .execute();

        V1Pod pod = await("the pod to succeed")
                .atMost(RUN_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> core.readNamespacedPod("hello", namespace.name()).execute(),
                        p -> p.getStatus() != null
                                && List.of("Succeeded", "Failed")
                                        .contains(p.getStatus().getPhase()));

        String log = core.readNamespacedPodLog("hello", namespace.name()).execute();
        assertEquals("Succeeded", pod.getStatus().getPhase(), log);
        assertEquals(TestNode.NAME, pod.getSpec().getNodeName(), "the scheduler placed it on the node");
        assertTrue(
                pod.getStatus().getPodIP().startsWith("10.213.0."),
                "a pod address on the bridge: " + pod.getStatus().getPodIP());
        assertTrue(log.startsWith("hello from hello"), "the container's log, through the kubelet: " + log);
    }

    @Test
    void leavesThePodsOfOtherNamespacesUnscheduled(ApiClient client, TestCluster cluster, TestNamespace namespace)
            throws Exception {
        cluster.requireNode();
        CoreV1Api core = new CoreV1Api(client);
        core.createNamespacedPod(namespace.name(), pod("not-admitted", "true")).execute();

        V1Pod pod = await("the scheduler to find no node for it")
                .atMost(RUN_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> core.readNamespacedPod("not-admitted", namespace.name())
                                .execute(),
                        p -> p.getStatus() != null
                                && p.getStatus().getConditions() != null
                                && p.getStatus().getConditions().stream()
                                        .anyMatch(c -> "PodScheduled".equals(c.getType())));
        assertNull(pod.getSpec().getNodeName());
        assertEquals("Pending", pod.getStatus().getPhase());
        assertEquals(
                "Unschedulable",
                pod.getStatus().getConditions().stream()
                        .filter(c -> "PodScheduled".equals(c.getType()))
                        .findFirst()
                        .orElseThrow()
                        .getReason());
    }

    private static V1Pod pod(String name, String script) {
        return new V1Pod()
                .metadata(new V1ObjectMeta().name(name))
                .spec(new V1PodSpec()
                        .restartPolicy("Never")
                        .overhead(null) // the model starts with an empty map, which admission refuses without a
                        // RuntimeClass
                        .containers(List.of(new V1Container()
                                .name("main")
                                .image(BuildPodSettings.DEFAULT_BUILDER_IMAGE)
                                .command(List.of("sh", "-c", script)))));
    }
}
