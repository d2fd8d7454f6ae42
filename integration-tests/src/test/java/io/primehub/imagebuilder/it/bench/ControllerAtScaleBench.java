package io.primehub.imagebuilder.it.bench;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.primehub.imagebuilder.it.cluster.ClusterKind;
import io.primehub.imagebuilder.it.cluster.KubernetesClusterExtension;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import io.primehub.imagebuilder.it.registry.ScriptedRegistry;
import io.primehub.imagebuilder.registry.RegistrySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The controller at scale (docs/performance.md): run by {@code scripts/bench}, never by {@code mvn verify} (its name
 * matches neither the unit tests' nor the integration tests' patterns). For each number of specs, a fresh test control
 * plane with an audit log, a real registry with a password (the controller asks it whether each image is already
 * built), the packaged jar's controller as its own process, and the bench's clients; the figures go to
 * {@code target/bench/controller.json} and {@code controller.md} (under the project's root). It fails only when the run cannot finish (a build
 * that never converges), never on a figure.
 */
class ControllerAtScaleBench {

    private static final Path OUT = Path.of("..", "target", "bench");

    @Test
    void controllerAtScale() throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        Files.createDirectories(OUT);
        List<Map<String, Object>> runs = new ArrayList<>();
        String password = "Bench-" + UUID.randomUUID();
        try (ScriptedRegistry registry = ScriptedRegistry.start("bench", password)) {
            Map<String, String> registryEnv = Map.of(
                    RegistrySettings.FEATURE_KEY,
                    "true",
                    RegistrySettings.ENDPOINT_KEY,
                    "http://" + registry.address(),
                    RegistrySettings.USERNAME_KEY,
                    "bench",
                    RegistrySettings.PASSWORD_KEY,
                    password,
                    RegistrySettings.REPO_PREFIX_KEY,
                    registry.address() + "/bench");
            for (int specs : settings.sizes()) {
                for (int repeat = 1; repeat <= settings.runs(); repeat++) {
                    TestCluster cluster = KubernetesClusterExtension.cluster();
                    try {
                        Optional<AuditLog> audit = checked(cluster, settings).map(AuditLog::new);
                        System.out.println("[bench] " + specs + " specs, run " + repeat + " of " + settings.runs()
                                + ", on " + cluster.description());
                        Map<String, Object> run = new ScaleRun(
                                        cluster, new BenchClient(cluster), audit, registryEnv, OUT, settings)
                                .run(specs);
                        run.put("run", repeat);
                        run.put("cluster", cluster.kind().settingValue());
                        runs.add(run);
                        write(settings, runs);
                        System.out.println("[bench] " + specs + " specs: " + run);
                    } finally {
                        if (cluster.kind() == ClusterKind.ENVTEST) {
                            // a fresh control plane for the next run: no deletions of the last run's objects under it
                            KubernetesClusterExtension.stop();
                        }
                    }
                }
            }
        }
    }

    /**
     * The cluster's audit log. Only the test control plane is used unless the bench is told otherwise: it creates
     * thousands of objects and moves pods' statuses as if it were their kubelet.
     */
    private static Optional<java.nio.file.Path> checked(TestCluster cluster, BenchSettings settings) {
        if (cluster.kind() != ClusterKind.ENVTEST && !settings.anyCluster()) {
            fail("refusing to run on " + cluster.description() + ": the bench creates thousands of objects and writes"
                    + " pod statuses as a kubelet would. Use the test control plane (scripts/bench without"
                    + " --kubeconfig), or pass --kubeconfig FILE --any-cluster to run on this cluster anyway");
        }
        if (cluster.kind() == ClusterKind.ENVTEST && cluster.auditLog().isEmpty()) {
            fail("the test control plane keeps no audit log: run with IT_AUDIT=true (scripts/bench does)");
        }
        return cluster.auditLog();
    }

    private static void write(BenchSettings settings, List<Map<String, Object>> runs) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("controllerHeap", ControllerProcess.HEAP);
        report.put("controllerSettingsBesideDefaults", ControllerProcess.extraEnvironment());
        report.put("namespaces", settings.namespaces());
        report.put("benchThreads", settings.clientThreads());
        report.put("runs", runs);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(OUT.resolve("controller.json").toFile(), report);
        Files.writeString(
                OUT.resolve("controller.md"), ScaleReport.markdown(runs, ControllerProcess.extraEnvironment()));
    }
}
