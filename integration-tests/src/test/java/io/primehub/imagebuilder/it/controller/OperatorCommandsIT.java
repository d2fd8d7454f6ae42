package io.primehub.imagebuilder.it.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.CliRun;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's commands of the jar's command line against the test API server, with the controller running: apply
 * (validated here first), get, describe, logs, rebuild and cancel, and their exit codes.
 */
// The controllers are opened for their running, not used by name: "try" warns about that.
@SuppressWarnings("try")
@KubernetesCluster
class OperatorCommandsIT {

    private static final String BASE = "jupyter/base-notebook:latest";

    @TempDir
    Path dir;

    private static CliRun run(TestCluster cluster, String... args) {
        return CliRun.of(cluster.kubeconfig(), args);
    }

    @Test
    void appliesListsDescribesRebuildsAndCancelsASpec(TestCluster cluster, ApiClient client, TestNamespace namespace)
            throws Exception {
        String ns = namespace.name();
        ControllerHarness k8s = new ControllerHarness(client, ns);
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                apiVersion: primehub.io/v1alpha1
                kind: ImageSpec
                metadata: {name: tools}
                spec:
                  baseImage: "jupyter/base-notebook:latest; rm -rf /"
                  packages: {apt: ["curl && reboot"]}
                """);
        CliRun invalid = run(cluster, "apply", "-n", ns, "-f", bad.toString());
        assertEquals(2, invalid.exit(), invalid.toString());
        assertTrue(
                invalid.err().contains("baseImage") && invalid.err().contains("apt[0]"),
                "both problems at once: " + invalid.err());
        assertEquals(List.of(), k8s.specs.list(ns).getObject().getItems(), "nothing was sent");

        Path good = dir.resolve("tools.yaml");
        Files.writeString(good, """
                apiVersion: primehub.io/v1alpha1
                kind: ImageSpec
                metadata: {name: tools}
                spec:
                  baseImage: %s
                  packages: {apt: [curl, git]}
                """.formatted(BASE));
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            CliRun applied = run(cluster, "apply", "-n", ns, "-f", good.toString());
            assertEquals(0, applied.exit(), applied.toString());
            assertEquals("imagespec " + ns + "/tools applied\n", applied.out());

            String pod = k8s.awaitPodName(
                    k8s.awaitSpecPhase("tools", "Pending").getStatus().getJobName());
            ImageSpecResource spec = k8s.specs.get(ns, "tools").getObject();
            String job = spec.getStatus().getJobName();
            String revision = job.substring(job.length() - 8);

            CliRun get = run(cluster, "get", "-n", ns);
            assertEquals(0, get.exit(), get.toString());
            List<String> lines = get.out().lines().toList();
            assertEquals(2, lines.size(), get.out());
            assertEquals(
                    List.of("NAME", "PHASE", "REVISION", "IMAGE", "AGE"),
                    List.of(lines.get(0).split(" +")));
            List<String> row = List.of(lines.get(1).split(" +"));
            assertEquals(List.of("tools", "Pending", revision), row.subList(0, 3), get.out());
            CliRun all = run(cluster, "get", "-A", "tools");
            assertTrue(
                    all.out().lines().anyMatch(line -> line.startsWith(ns + " ") && line.contains(" tools ")),
                    all.out());

            CliRun log = run(cluster, "logs", "-n", ns, "tools");
            assertEquals(new CliRun(0, "", ""), log, "a build container that has not started has an empty log");

            k8s.podRunning(pod);
            k8s.podTerminated(pod, 0, null);
            k8s.awaitSpecPhase("tools", "Succeeded");
            CliRun described = await().atMost(ControllerHarness.TIMEOUT)
                    .until(
                            () -> run(cluster, "describe", "-n", ns, "tools"),
                            run -> run.out().contains("BuildSucceeded"));
            assertEquals(0, described.exit(), described.toString());
            assertTrue(described.out().contains("Base image:   " + BASE + "\n"), described.out());
            assertTrue(described.out().contains("  apt:    curl, git\n"), described.out());
            assertTrue(described.out().contains("  Phase:  Succeeded\n"), described.out());
            assertTrue(described.out().contains("  Job:    " + job + "\n"), described.out());
            assertTrue(
                    described
                            .out()
                            .lines()
                            .anyMatch(line -> line.startsWith("  " + job + " ")
                                    && line.contains(" Succeeded ")
                                    && line.contains(" " + pod + " ")),
                    described.out());
            assertTrue(described.out().contains("BuildStarted"), described.out());

            CliRun rebuild = run(cluster, "rebuild", "-n", ns, "tools");
            assertEquals(0, rebuild.exit(), rebuild.toString());
            await("a new build pod for the rebuild")
                    .atMost(ControllerHarness.TIMEOUT)
                    .until(
                            () -> k8s.pods().stream()
                                    .map(p -> p.getMetadata().getName())
                                    .filter(name -> !name.equals(pod))
                                    .findFirst()
                                    .orElse(""),
                            name -> !name.isEmpty());
            k8s.awaitJobPhase(job, "Pending");
            CliRun cancel = run(cluster, "cancel", "-n", ns, "tools");
            assertEquals(new CliRun(0, "imagespec " + ns + "/tools: its build is cancelled\n", ""), cancel);
            k8s.awaitJobPhase(job, "Cancelled");
            CliRun again = run(cluster, "cancel", "-n", ns, "tools");
            assertEquals(
                    new CliRun(0, "imagespec " + ns + "/tools: no build is running; nothing to cancel\n", ""), again);
        }

        CliRun missing = run(cluster, "describe", "-n", ns, "nothing-here");
        assertEquals(new CliRun(1, "", "error: no ImageSpec " + ns + "/nothing-here\n"), missing);
        CliRun badName = run(cluster, "get", "-n", ns, "Not_A_Name");
        assertEquals(2, badName.exit(), badName.toString());
        assertEquals("error: 'Not_A_Name' is not a Kubernetes name\n", badName.err());
    }
}
