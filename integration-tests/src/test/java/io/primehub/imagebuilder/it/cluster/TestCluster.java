package io.primehub.imagebuilder.it.cluster;

import io.kubernetes.client.openapi.ApiClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A running Kubernetes API server with the project's CRDs installed, as the integration tests see it. */
public interface TestCluster extends AutoCloseable {

    ClusterKind kind();

    /** One line for people: what runs, which versions, from where. */
    String description();

    /**
     * A kubeconfig file (cluster admin) for this cluster; hand it to a controller process that a test starts. Also
     * published as the system property {@value KubernetesClusterExtension#KUBECONFIG_PROPERTY}.
     */
    Path kubeconfig();

    /** A new client authenticated as cluster admin. Tests may change it (timeouts, ...) as they like. */
    default ApiClient newApiClient() {
        return Kubeconfig.client(kubeconfig());
    }

    /** Creates a namespace for a test; the caller deletes it (or lets the extension do so). */
    default TestNamespace createNamespace(String hint) {
        return TestNamespace.create(newApiClient(), hint);
    }

    /** The real node that runs the pods of admitted namespaces, when this cluster has one. */
    default Optional<TestNode> node() {
        return Optional.empty();
    }

    /** {@link #node()}, or a failure that says how to get one: tests that need a node never skip. */
    default TestNode requireNode() {
        return node().orElseThrow(() -> new AssertionError("this test needs a real node, and the cluster has none ("
                + description() + "). Use IT_CLUSTER=envtest and " + TestNode.PREPARE_HINT
                + "; see docs/testing-control-plane.md"));
    }

    /**
     * The API server's audit log (one JSON event per line, level {@code Metadata}, no {@code RequestReceived} stage),
     * when this cluster keeps one: the envtest control plane does with {@code IT_AUDIT=true} (or {@code -Dit.audit}).
     */
    default Optional<Path> auditLog() {
        return Optional.empty();
    }

    /** The control plane's server processes by name ({@code etcd}, {@code kube-apiserver}, ...) when this run started them. */
    default Map<String, ProcessHandle> serverProcesses() {
        return Map.of();
    }

    /** Stops what this cluster started; an existing cluster is left alone. */
    @Override
    void close();
}
