package io.primehub.imagebuilder.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.it.cluster.ControlPlaneVersions;
import java.nio.file.Files;
import java.nio.file.Path;

/** kubectl and helm from the control plane's binaries folder, where {@code integration-tests/k8s/ci-prepare} puts them. */
public final class K8sTools {

    private K8sTools() {}

    public static Path kubectl() {
        return tool("kubectl", "integration-tests/k8s/ci-prepare");
    }

    public static Path helm() {
        return tool("helm", "integration-tests/k8s/provision-helm");
    }

    private static Path tool(String name, String provisioner) {
        String configured = System.getProperty("it.k8s.binaries", System.getenv("IT_K8S_BINARIES"));
        Path folder = configured == null || configured.isBlank()
                ? ControlPlaneVersions.load().defaultBinaries()
                : Path.of(configured);
        Path tool = folder.resolve(name);
        assertTrue(Files.isExecutable(tool), "no " + name + " in " + folder + ": run " + provisioner);
        return tool;
    }
}
