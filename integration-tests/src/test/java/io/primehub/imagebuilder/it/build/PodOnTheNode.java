package io.primehub.imagebuilder.it.build;

import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs a build pod, made by the controller's own parts ({@link ControllerMadeBuild}), on the tests' real node: its
 * ConfigMap, Secrets and the pod itself are created as they are (without the owner reference to a job that does not
 * exist here) in a namespace admitted to the node, and the kubelet runs it in the builder image with containerd and
 * runc. The result is what the API server then shows: the container's exit code and termination message, and its log
 * through {@code pods/log}.
 */
final class PodOnTheNode {

    /** A safety net for a hung build, not a timing: builds here take well under a minute. */
    private static final Duration LIMIT = Duration.ofMinutes(8);

    /** The end of a run: exit code, the container's log (both streams), and the termination message. */
    record Run(int exitCode, String log, String terminationMessage, Duration took) {

        /** The last line the script wrote as {@code error: <step>: <reason>}. */
        String lastErrorLine() {
            List<String> errors =
                    log.lines().filter(line -> line.startsWith("error: ")).toList();
            return errors.isEmpty() ? "(no error line)" : errors.get(errors.size() - 1);
        }

        /** Everything a user or an admin could read: the log and the termination message. */
        String everything() {
            return log + "\n" + terminationMessage;
        }

        String describe() {
            List<String> lines = log.lines().toList();
            return "exit code " + exitCode + " after " + took.toSeconds() + " s; the log ends with:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()))
                    + "\ntermination message: " + terminationMessage;
        }
    }

    private PodOnTheNode() {}

    /** Creates the build's objects in {@code namespace} (admitted to the node), runs the pod and waits for its end. */
    static Run run(ApiClient client, String namespace, ControllerMadeBuild build) throws ApiException {
        CoreV1Api core = new CoreV1Api(client);
        V1ConfigMap configMap = build.configMap();
        configMap.setMetadata(placed(configMap.getMetadata(), namespace));
        core.createNamespacedConfigMap(namespace, configMap).execute();
        for (V1Secret secret : build.secrets().values()) {
            secret.setMetadata(placed(secret.getMetadata(), namespace));
            core.createNamespacedSecret(namespace, secret).execute();
        }
        V1Pod pod = build.pod();
        pod.setMetadata(placed(pod.getMetadata(), namespace));
        String name = pod.getMetadata().getName();
        core.createNamespacedPod(namespace, pod).execute();
        long started = System.nanoTime();

        V1ContainerStateTerminated terminated = await("build pod " + name + " to end")
                .atMost(LIMIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> terminated(core.readNamespacedPod(name, namespace).execute()), Optional::isPresent)
                .orElseThrow();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String log = core.readNamespacedPodLog(name, namespace).execute();
        return new Run(
                terminated.getExitCode(),
                log == null ? "" : log,
                terminated.getMessage() == null ? "" : terminated.getMessage().strip(),
                took);
    }

    private static V1ObjectMeta placed(V1ObjectMeta metadata, String namespace) {
        return metadata.namespace(namespace).ownerReferences(null);
    }

    private static Optional<V1ContainerStateTerminated> terminated(V1Pod pod) {
        List<V1ContainerStatus> containers =
                pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        if (containers == null || containers.isEmpty() || containers.get(0).getState() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(containers.get(0).getState().getTerminated());
    }
}
