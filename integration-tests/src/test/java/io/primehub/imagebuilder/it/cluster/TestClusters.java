package io.primehub.imagebuilder.it.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Chooses and starts the cluster for a test run, from settings that are read as a system property first and an
 * environment variable second:
 * <ul>
 *   <li>{@code it.cluster} / {@code IT_CLUSTER}: {@code auto} (default: envtest when its binaries are there, else k3s
 *       when a Docker engine is, else fail), {@code envtest}, {@code k3s}, or {@code kubeconfig} (an existing cluster
 *       from {@code KUBECONFIG}; opt-in only, never chosen by {@code auto});</li>
 *   <li>{@code it.k8s.binaries} / {@code IT_K8S_BINARIES}: the folder with etcd, kube-apiserver and
 *       kube-controller-manager (default: where integration-tests/k8s/provision puts them);</li>
 *   <li>{@code it.node} / {@code IT_NODE}: whether envtest gets a real {@link TestNode}: {@code auto} (default: when
 *       the node's binaries are in the binaries folder and this runs as root), {@code true} (fail when it cannot) or
 *       {@code false};</li>
 *   <li>{@code it.k3s.image} / {@code IT_K3S_IMAGE}: the k3s image (default: rancher/k3s of the Kubernetes version
 *       pinned in versions.env).</li>
 * </ul>
 * The CRDs are installed before this returns.
 */
final class TestClusters {

    static final String CLUSTER_SETTING = "it.cluster";
    static final String BINARIES_SETTING = "it.k8s.binaries";
    static final String K3S_IMAGE_SETTING = "it.k3s.image";
    static final String NODE_SETTING = "it.node";
    static final String AUDIT_SETTING = "it.audit";

    private TestClusters() {}

    static TestCluster start() {
        String requested = setting(CLUSTER_SETTING, "auto").toLowerCase(Locale.ROOT);
        ControlPlaneVersions versions = ControlPlaneVersions.load();
        Path binaries =
                Path.of(setting(BINARIES_SETTING, versions.defaultBinaries().toString()));
        String k3sImage = setting(K3S_IMAGE_SETTING, "rancher/k3s:v" + versions.kubernetes() + "-k3s1");

        ClusterKind kind = switch (requested) {
            case "auto" -> chooseAutomatically(binaries, versions);
            case "envtest" -> ClusterKind.ENVTEST;
            case "k3s" -> ClusterKind.K3S;
            case "kubeconfig" -> ClusterKind.KUBECONFIG;
            default ->
                throw new IllegalStateException("IT_CLUSTER (or -D" + CLUSTER_SETTING + ") is '" + requested
                        + "'; expected auto, envtest, k3s or kubeconfig");
        };
        log("starting " + kind.settingValue() + " (IT_CLUSTER=" + requested + ")");
        TestCluster cluster = switch (kind) {
            case ENVTEST -> {
                List<String> missing = EnvtestControlPlane.missingBinaries(binaries);
                if (!missing.isEmpty()) {
                    throw new IllegalStateException(noControlPlane(
                            "IT_CLUSTER=envtest, but " + binaries + " lacks " + String.join(", ", missing) + ".",
                            versions.defaultBinaries()));
                }
                yield EnvtestControlPlane.start(
                        versions,
                        binaries,
                        ProjectCrds::install,
                        withNode(binaries),
                        Boolean.parseBoolean(setting(AUDIT_SETTING, "false")));
            }
            case K3S -> {
                if (!K3sCluster.dockerAvailable()) {
                    throw new IllegalStateException(noControlPlane(
                            "IT_CLUSTER=k3s, but Testcontainers finds no Docker " + "engine.",
                            versions.defaultBinaries()));
                }
                TestCluster k3s = K3sCluster.start(k3sImage);
                installCrds(k3s);
                yield k3s;
            }
            case KUBECONFIG -> {
                TestCluster existing = ExistingCluster.fromEnvironment();
                installCrds(existing);
                yield existing;
            }
        };
        log("using " + cluster.description());
        return cluster;
    }

    /** Whether envtest starts a node, from {@code it.node}; says why not when {@code auto} finds it cannot. */
    private static boolean withNode(Path binaries) {
        String requested = setting(NODE_SETTING, "auto").toLowerCase(Locale.ROOT);
        List<String> missing = TestNode.missingBinaries(binaries);
        boolean root = "root".equals(System.getProperty("user.name"));
        String lacking = !missing.isEmpty()
                ? binaries + " lacks " + String.join(", ", missing)
                : !root ? "the node needs root (a bridge, mounts, cgroups)" : "";
        switch (requested) {
            case "false" -> {
                log("no node (IT_NODE=false): the tests that need one will fail");
                return false;
            }
            case "true" -> {
                if (!lacking.isEmpty()) {
                    throw new IllegalStateException("IT_NODE=true, but " + lacking + ": " + TestNode.PREPARE_HINT);
                }
                return true;
            }
            case "auto" -> {
                if (!lacking.isEmpty()) {
                    log("no node: " + lacking + "; the tests that need one will fail (" + TestNode.PREPARE_HINT + ")");
                }
                return lacking.isEmpty();
            }
            default ->
                throw new IllegalStateException(
                        "IT_NODE (or -D" + NODE_SETTING + ") is '" + requested + "'; expected auto, true or false");
        }
    }

    private static ClusterKind chooseAutomatically(Path binaries, ControlPlaneVersions versions) {
        List<String> missing = EnvtestControlPlane.missingBinaries(binaries);
        if (missing.isEmpty()) {
            return ClusterKind.ENVTEST;
        }
        if (K3sCluster.dockerAvailable()) {
            log("no envtest binaries in " + binaries + " (missing " + String.join(", ", missing)
                    + "), but a Docker engine is there");
            return ClusterKind.K3S;
        }
        throw new IllegalStateException(noControlPlane(
                "There are no envtest binaries in " + binaries + " (missing " + String.join(", ", missing)
                        + ") and no Docker engine for Testcontainers k3s.",
                versions.defaultBinaries()));
    }

    private static String noControlPlane(String what, Path provisioned) {
        return "No Kubernetes API server for the integration tests. " + what + " Do one of these:\n"
                + "  - run integration-tests/k8s/provision (needs Go; builds etcd, kube-apiserver and "
                + "kube-controller-manager once, about 20 minutes on 2 cores, into " + provisioned + "), or point "
                + "IT_K8S_BINARIES at a folder that has them;\n"
                + "  - install and start a Docker engine, for Testcontainers k3s (IT_CLUSTER=k3s);\n"
                + "  - use an existing cluster: IT_CLUSTER=kubeconfig with KUBECONFIG set.\n"
                + "See docs/testing-control-plane.md.";
    }

    private static void installCrds(TestCluster cluster) {
        try {
            ProjectCrds.install(cluster.newApiClient());
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    static String setting(String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(
                    property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    static void log(String message) {
        System.out.println("[kubernetes-it] " + message);
    }
}
