package io.primehub.imagebuilder.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/** k3s in a container, started by Testcontainers; for machines with a Docker engine. Unlike envtest it has a kubelet. */
final class K3sCluster implements TestCluster {

    private final K3sContainer container;
    private final Path kubeconfig;
    private final String image;

    private K3sCluster(K3sContainer container, Path kubeconfig, String image) {
        this.container = container;
        this.kubeconfig = kubeconfig;
        this.image = image;
    }

    /** Whether Testcontainers finds a Docker engine (it tries the usual sockets and DOCKER_HOST). */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static K3sCluster start(String image) {
        K3sContainer container =
                new K3sContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rancher/k3s"));
        try {
            container.start();
            Path kubeconfig = Files.createTempFile("primehub-k3s-", ".kubeconfig");
            Files.writeString(kubeconfig, container.getKubeConfigYaml());
            return new K3sCluster(container, kubeconfig, image);
        } catch (IOException e) {
            container.stop();
            throw new UncheckedIOException("Cannot write the k3s kubeconfig", e);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    @Override
    public ClusterKind kind() {
        return ClusterKind.K3S;
    }

    @Override
    public String description() {
        return "k3s (Testcontainers, image " + image + "); kubeconfig " + kubeconfig;
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public void close() {
        container.stop();
        try {
            Files.deleteIfExists(kubeconfig);
        } catch (IOException e) {
            System.err.println("[kubernetes-it] could not remove " + kubeconfig + ": " + e);
        }
    }
}
