package io.primehub.imagebuilder.it.cluster;

import static org.awaitility.Awaitility.await;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.util.PatchUtils;
import io.primehub.imagebuilder.it.support.ModuleScripts;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.k8s.TolerantJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The test control plane's one real node: kubelet, containerd and runc, with kube-scheduler, run by
 * {@code integration-tests/k8s/run-node} (see there). Its node IP is the tests' own bridge, {@value #ADDRESS}; pods
 * reach nothing beyond it, so what they use (a registry, an apt repository) listens on that address.
 *
 * <p>The node is tainted {@value #TAINT_KEY}, so the pods of the many tests that play the kubelet themselves are
 * never scheduled; a test that wants its pods run here calls {@link #admit} on its namespace, whose pods then
 * tolerate the taint (the API server's {@code PodTolerationRestriction} admission, as a cluster that dedicates nodes to
 * a team does).
 */
public final class TestNode implements AutoCloseable {

    public static final String NAME = "primehub-it-node";
    /** The bridge's address: node IP, the kubelet's address, the pods' gateway. */
    public static final String ADDRESS = "10.213.0.1";

    public static final String TAINT_KEY = "primehub.io/it-node";
    /** The node's binaries, as {@code integration-tests/k8s/provision --node} leaves them. */
    static final List<String> BINARIES =
            List.of("kubelet", "kube-scheduler", "containerd", "containerd-shim-runc-v2", "ctr");

    static final String PREPARE_HINT = "run integration-tests/k8s/ci-prepare --node (as root): it installs runc and "
            + "the CNI plugins and builds kubelet, kube-scheduler and containerd";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final long TEARDOWN_SECONDS = 60;
    private static final String DEFAULT_TOLERATIONS = "scheduler.alpha.kubernetes.io/defaultTolerations";

    private final ManagedProcess process;
    private final String description;

    private TestNode(ManagedProcess process, String description) {
        this.process = process;
        this.description = description;
    }

    /** Missing node executables in {@code binaries}, empty when a node can start from it. */
    static List<String> missingBinaries(Path binaries) {
        return BINARIES.stream()
                .filter(name -> !Files.isExecutable(binaries.resolve(name)))
                .toList();
    }

    /**
     * Makes (once; they are cached) the pause and builder images, starts the node in {@code directory} (which must
     * not exist yet) and returns once it is Ready and untainted but for its own taint.
     */
    static TestNode start(
            ControlPlaneVersions versions,
            Path binaries,
            Path kubeconfig,
            Path clientCa,
            Path directory,
            ApiClient client) {
        String pause = archive(ModuleScripts.provision("k8s", "provision-pause-image", PREPARE_HINT));
        String builder = archive(ModuleScripts.provision("k8s", "provision-builder-image", PREPARE_HINT));
        List<String> command = new ArrayList<>(List.of(
                "bash",
                ModuleScripts.find("k8s", "run-node").toString(),
                "--binaries",
                binaries.toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "--client-ca",
                clientCa.toString(),
                "--state-dir",
                directory.toString(),
                "--watch-pid",
                Long.toString(ProcessHandle.current().pid()),
                "--image",
                pause + "=localhost/primehub-it/pause:" + versions.kubernetes(),
                "--image",
                builder + "=docker.io/" + BuildPodSettings.DEFAULT_BUILDER_IMAGE));
        long started = System.nanoTime();
        ManagedProcess process = ManagedProcess.startTerminable(
                "run-node", command, directory.resolveSibling(directory.getFileName() + ".log"), TEARDOWN_SECONDS);
        try {
            awaitReady(process, client);
        } catch (RuntimeException | Error e) {
            process.close();
            teardownLeftovers();
            throw e;
        }
        TestClusters.log(String.format(
                "node %s Ready %.1f s after run-node started", NAME, (System.nanoTime() - started) / 1e9));
        return new TestNode(
                process,
                "node " + NAME + " (kubelet, kube-scheduler v" + versions.kubernetes() + ", containerd, runc) on "
                        + ADDRESS);
    }

    public String description() {
        return description;
    }

    /**
     * Lets the pods of {@code namespace} run on this node: they get a toleration of its taint when they are created.
     */
    public void admit(ApiClient client, String namespace) {
        String tolerations = "[{\"key\":\"" + TAINT_KEY + "\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]";
        String patch = "{\"metadata\":{\"annotations\":{\"" + DEFAULT_TOLERATIONS + "\":"
                + io.kubernetes.client.openapi.JSON.serialize(tolerations) + "}}}";
        CoreV1Api core = new CoreV1Api(client);
        try {
            PatchUtils.patch(
                    io.kubernetes.client.openapi.models.V1Namespace.class,
                    () -> core.patchNamespace(namespace, new V1Patch(patch)).buildCall(null),
                    V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                    client);
        } catch (ApiException e) {
            throw new IllegalStateException(
                    "cannot admit namespace " + namespace + " to the test node: HTTP " + e.getCode() + " "
                            + e.getResponseBody(),
                    e);
        }
    }

    /** The end of the node's own log (run-node, and what it prints of kubelet or containerd when one exits). */
    public String logTail(int lines) {
        return process.logTail(lines);
    }

    @Override
    public void close() {
        long started = System.nanoTime();
        process.close();
        // run-node tears down on TERM; should it have died another way, what it left goes now
        teardownLeftovers();
        TestClusters.log(String.format("node %s torn down in %.1f s", NAME, (System.nanoTime() - started) / 1e9));
    }

    private static void teardownLeftovers() {
        try {
            Process teardown = new ProcessBuilder(
                            "bash", ModuleScripts.find("k8s", "run-node").toString(), "--teardown-leftovers")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!teardown.waitFor(TEARDOWN_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                teardown.destroyForcibly();
                TestClusters.log("run-node --teardown-leftovers did not finish in " + TEARDOWN_SECONDS + " s");
            }
        } catch (java.io.IOException e) {
            TestClusters.log("cannot run run-node --teardown-leftovers: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String archive(String location) {
        String prefix = "oci-archive:";
        if (!location.startsWith(prefix)) {
            throw new IllegalStateException("a provisioning script printed '" + location + "', not oci-archive:PATH");
        }
        return location.substring(prefix.length());
    }

    private static void awaitReady(ManagedProcess process, ApiClient client) {
        // a kubelet writes fields newer than client-java's models (status.nodeInfo.runningInUserNamespace)
        CoreV1Api core = new CoreV1Api(TolerantJson.install(client));
        StringBuilder last = new StringBuilder("not registered");
        try {
            await("node " + NAME + " to be Ready")
                    .atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        process.requireAlive();
                        Optional<V1Node> node = core.listNode().execute().getItems().stream()
                                .filter(n -> NAME.equals(n.getMetadata().getName()))
                                .findFirst();
                        last.setLength(0);
                        if (node.isEmpty()) {
                            last.append("not registered");
                            return false;
                        }
                        boolean ready = node.get().getStatus() != null
                                && node.get().getStatus().getConditions() != null
                                && node.get().getStatus().getConditions().stream()
                                        .anyMatch(TestNode::isReady);
                        List<String> taints = node.get().getSpec().getTaints() == null
                                ? List.of()
                                : node.get().getSpec().getTaints().stream()
                                        .map(t -> t.getKey())
                                        .toList();
                        last.append("Ready ").append(ready).append(", taints ").append(taints);
                        return ready && taints.equals(List.of(TAINT_KEY));
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "the test node was not Ready within " + READY_TIMEOUT + " (" + last + "); the end of its log:\n"
                            + process.logTail(60),
                    e);
        }
    }

    private static boolean isReady(V1NodeCondition condition) {
        return "Ready".equals(condition.getType()) && "True".equals(condition.getStatus());
    }
}
