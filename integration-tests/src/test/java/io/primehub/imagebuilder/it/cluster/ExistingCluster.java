package io.primehub.imagebuilder.it.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cluster that someone else runs, named by {@code KUBECONFIG} (its first file) or {@code ~/.kube/config}. The tests
 * install the CRDs there and make and delete their own namespaces; nothing else is stopped or removed.
 */
final class ExistingCluster implements TestCluster {

    private final Path kubeconfig;

    private ExistingCluster(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    static ExistingCluster fromEnvironment() {
        String variable = System.getenv("KUBECONFIG");
        Path kubeconfig = variable != null && !variable.isBlank()
                ? Path.of(variable.split(File.pathSeparator, -1)[0])
                : Path.of(System.getProperty("user.home"), ".kube", "config");
        if (!Files.isReadable(kubeconfig)) {
            throw new IllegalStateException("IT_CLUSTER=kubeconfig, but there is no kubeconfig at " + kubeconfig
                    + "; set KUBECONFIG to the cluster's kubeconfig file");
        }
        return new ExistingCluster(kubeconfig);
    }

    @Override
    public ClusterKind kind() {
        return ClusterKind.KUBECONFIG;
    }

    @Override
    public String description() {
        return "an existing cluster from the kubeconfig " + kubeconfig;
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
