package io.primehub.imagebuilder.it.app;

import static io.primehub.imagebuilder.it.app.AppSettings.TIMEOUT;
import static io.primehub.imagebuilder.it.app.AppSettings.buildPods;
import static io.primehub.imagebuilder.it.app.AppSettings.embeddedFacade;
import static io.primehub.imagebuilder.it.app.AppSettings.freePort;
import static io.primehub.imagebuilder.it.app.AppSettings.get;
import static io.primehub.imagebuilder.it.app.AppSettings.leaseHolder;
import static io.primehub.imagebuilder.it.app.AppSettings.readyz;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.primehub.imagebuilder.app.config.ConfigKeys;
import io.primehub.imagebuilder.app.embed.ImageBuilder;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.status.JobStatus;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.PackagedJar;
import io.primehub.imagebuilder.it.support.PodStatusPatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as its Deployment runs it: {@code java -jar image-builder.jar controller --install-crds}, with
 * {@code KUBECONFIG} pointing at the test cluster. A spec applied through the embedding facade gets its job and
 * build pod from that process, and the process answers its probes and gives its Lease up on SIGTERM.
 */
@KubernetesCluster
class PackagedControllerIT {

    /** Built by the app module's package phase, which runs before this module. */
    @TempDir
    Path workDir;

    private Process process;
    private Path log;

    @AfterEach
    void stopProcess() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void runsTheControllerFromTheJar(TestCluster cluster, ApiClient client, TestNamespace namespace) throws Exception {
        String ns = namespace.name();
        int healthPort = freePort();
        process = startController(cluster.kubeconfig(), ns, healthPort);

        await().atMost(TIMEOUT).until(() -> {
            assertAlive();
            return readyz(healthPort).equals("200 ready");
        });
        assertEquals("replica-jar", leaseHolder(client, ns));

        ImageBuilder imageBuilder = embeddedFacade(client, ns);
        imageBuilder.apply(AppSettings.spec(ns, "datasci", "numpy==1.26.4"));

        await().atMost(TIMEOUT).until(() -> {
            assertAlive();
            List<JobStatus> jobs = imageBuilder.jobs(ns, "datasci");
            return jobs.size() == 1 && !jobs.get(0).podName().isEmpty();
        });
        assertEquals(1, buildPods(client, ns).size());
        JobStatus first = imageBuilder.jobs(ns, "datasci").get(0);
        assertEquals(first.podName(), buildPods(client, ns).get(0).getMetadata().getName());

        // The facade's other calls, against the API server and the running controller.
        assertEquals("", imageBuilder.buildLog(ns, first.name()), "a pod that has not started has no log yet");
        assertTrue(imageBuilder.cancel(ns, "datasci"), "the build was running");
        await().atMost(TIMEOUT)
                .until(() -> imageBuilder.jobs(ns, "datasci").get(0).phase().equals("Cancelled"));
        assertFalse(imageBuilder.cancel(ns, "datasci"), "nothing runs any more");
        imageBuilder.rebuild(ns, "datasci");
        await().atMost(TIMEOUT).until(() -> {
            assertAlive();
            JobStatus again = imageBuilder.jobs(ns, "datasci").get(0);
            return again.name().equals(first.name())
                    && again.phase().equals("Pending")
                    && !again.podName().isEmpty()
                    && !again.podName().equals(first.podName());
        });

        process.destroy();
        assertTrue(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the controller did not stop on SIGTERM");
        // A graceful stop gives the Lease up, so that a standby need not wait for it to expire.
        assertEquals("", leaseHolder(client, ns));
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertFalse(output.contains(AppSettings.PASSWORD), "the registry password is in the controller's output");
        // A start, a build pod and a SIGTERM are all expected: no ERROR and no stack trace (the informers' threads
        // end by interruption, which client-java logs as an ERROR unless the jar's logging demotes it).
        List<String> noise = output.lines()
                .filter(line -> line.contains(" ERROR ") || line.startsWith("\tat ") || line.contains("Exception:"))
                .toList();
        assertEquals(List.of(), noise, "the controller's log:\n" + output);
        assertTrue(
                output.lines().anyMatch(line -> line.contains(" INFO ") && line.contains("controller started")),
                "the log is not in the jar's Logback format:\n" + output);
    }

    /**
     * {@code /metrics} of the running jar, scraped before and after one build that the test moves through Running to
     * Succeeded as a kubelet would: the counters move with the build, and the process's own figures are there. The
     * jar logs as JSON here ({@code PRIMEHUB_CUSTOM_IMAGE_LOG_FORMAT=json}): every line is one object, and the lines
     * about the job carry its namespace, name and revision as fields.
     */
    @Test
    void servesMetricsThatMoveWithABuildAndLogsJsonWithTheJobsFields(
            TestCluster cluster, ApiClient client, TestNamespace namespace) throws Exception {
        String ns = namespace.name();
        int healthPort = freePort();
        process = startController(
                cluster.kubeconfig(), ns, healthPort, Map.of("PRIMEHUB_CUSTOM_IMAGE_LOG_FORMAT", "json"));
        await().atMost(TIMEOUT).until(() -> {
            assertAlive();
            return readyz(healthPort).equals("200 ready");
        });
        Map<String, Double> before = Scrape.of(get(healthPort, "/metrics"));
        assertEquals(1.0, before.get("primehub_image_builder_leader"));
        assertEquals(null, before.get("primehub_image_builder_builds_started_total{origin=\"ImageSpec\"}"));
        assertTrue(before.keySet().stream().anyMatch(name -> name.startsWith("jvm_memory_used_bytes")), "JVM figures");
        assertTrue(
                before.keySet().stream()
                        .anyMatch(name -> name.startsWith("primehub_image_builder_build_info{")
                                && name.contains("version=\"" + System.getProperty("it.project-version") + "\"")),
                before.keySet().toString());

        ImageBuilder imageBuilder = embeddedFacade(client, ns);
        imageBuilder.apply(AppSettings.spec(ns, "datasci", "numpy==1.26.4"));
        String pod = await().atMost(TIMEOUT)
                .until(
                        () -> {
                            assertAlive();
                            List<JobStatus> jobs = imageBuilder.jobs(ns, "datasci");
                            return jobs.size() == 1 ? jobs.get(0).podName() : "";
                        },
                        name -> !name.isEmpty());
        V1Container container = new CoreV1Api(client)
                .readNamespacedPod(pod, ns)
                .execute()
                .getSpec()
                .getContainers()
                .get(0);
        Instant started = Instant.now().minusSeconds(30);
        PodStatusPatch.running(container, started, started).apply(client, ns, pod);
        await().atMost(TIMEOUT)
                .until(() -> imageBuilder.jobs(ns, "datasci").get(0).phase().equals("Running"));
        PodStatusPatch.terminated(container, started, 0, null, started, Instant.now(), null)
                .apply(client, ns, pod);
        await().atMost(TIMEOUT)
                .until(() -> imageBuilder.jobs(ns, "datasci").get(0).phase().equals("Succeeded"));

        Map<String, Double> after = await().atMost(TIMEOUT)
                .until(
                        () -> Scrape.of(get(healthPort, "/metrics")),
                        metrics -> metrics.containsKey(
                                "primehub_image_builder_builds_finished_total{phase=\"Succeeded\",reason=\"Succeeded\"}"));
        assertAll(
                "the metrics after one build",
                () -> assertEquals(1.0, after.get("primehub_image_builder_builds_started_total{origin=\"ImageSpec\"}")),
                () -> assertEquals(
                        1.0,
                        after.get(
                                "primehub_image_builder_builds_finished_total{phase=\"Succeeded\",reason=\"Succeeded\"}")),
                () -> assertEquals(1.0, after.get("primehub_image_builder_build_duration_seconds_count")),
                () -> assertTrue(
                        after.get("primehub_image_builder_build_duration_seconds_sum") >= 25,
                        "the pod ran for about 30 s: "
                                + after.get("primehub_image_builder_build_duration_seconds_sum")),
                () -> assertEquals(1.0, after.get("primehub_image_builder_change_to_pod_seconds_count")),
                () -> assertTrue(
                        after.get("primehub_image_builder_reconcile_duration_seconds_count{kind=\"imagespecjob\"}")
                                >= 3,
                        "the job was reconciled for its pod, Running and Succeeded"),
                () -> assertTrue(
                        after.get("primehub_image_builder_reconcile_duration_seconds_count{kind=\"imagespec\"}") >= 1),
                () -> assertTrue(
                        after.getOrDefault(
                                        "primehub_image_builder_api_requests_total{code=\"201\",method=\"POST\"}", 0.0)
                                >= 2,
                        "the job and the pod were created: " + after),
                () -> assertTrue(
                        after.keySet().stream().anyMatch(name -> name.startsWith("controller_work_queue_length{")),
                        "client-java's work-queue figures are bridged in"),
                () -> assertEquals(1.0, after.get("primehub_image_builder_leader")));
        String text = get(healthPort, "/metrics");
        assertFalse(text.contains(AppSettings.PASSWORD), "the registry password is in the metrics");

        String job = imageBuilder.jobs(ns, "datasci").get(0).name();
        List<JsonObject> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            lines.add(JsonParser.parseString(line).getAsJsonObject()); // fails on a line that is not one JSON object
        }
        JsonObject created = lines.stream()
                .filter(line -> line.get("formattedMessage").getAsString().contains("build pod " + pod + " created"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line says the pod was created: " + lines));
        JsonObject fields = created.getAsJsonObject("mdc");
        assertEquals("imagespecjob", fields.get("kind").getAsString());
        assertEquals(ns, fields.get("namespace").getAsString());
        assertEquals(job, fields.get("name").getAsString());
        assertEquals(job.substring(job.length() - 8), fields.get("revision").getAsString());
        assertFalse(
                lines.stream().anyMatch(line -> line.get("level").getAsString().equals("ERROR")), lines.toString());
    }

    @Test
    void aDryRunDecidesAsUsualWritesNothingAndLogsEveryWrite(
            TestCluster cluster, ApiClient client, TestNamespace namespace) throws Exception {
        String ns = namespace.name();
        ImageBuilder imageBuilder = embeddedFacade(client, ns);
        ImageSpec spec = AppSettings.spec(ns, "datasci", "numpy==1.26.4");
        // With an update time, so that the first thing it would do is to create the job.
        imageBuilder.apply(new ImageSpec(
                ns, spec.name(), spec.baseImage(), spec.pullSecret(), spec.packages(), "2026-12-01T08:00:00Z"));
        int healthPort = freePort();
        process = startController(cluster.kubeconfig(), ns, healthPort, "--dry-run");

        String jobsPath = "/apis/primehub.io/v1alpha1/namespaces/" + ns + "/imagespecjobs";
        String specStatusPath = "/apis/primehub.io/v1alpha1/namespaces/" + ns + "/imagespecs/datasci/status";
        await().atMost(TIMEOUT).until(() -> {
            assertAlive();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            return output.contains("dry run: would POST " + jobsPath + " (ImageSpecJob datasci-")
                    && output.contains("dry run: would PATCH " + specStatusPath);
        });
        assertEquals("200 ready", readyz(healthPort));
        assertEquals(List.of(), imageBuilder.jobs(ns, "datasci"), "a dry run made a job");
        assertEquals(
                java.util.Optional.empty(),
                imageBuilder.status(ns, "datasci").map(status -> status.phase()).filter(phase -> !phase.isEmpty()),
                "a dry run wrote the spec's status");
        assertEquals("", leaseHolder(client, ns), "a dry run took the Lease");

        process.destroy();
        assertTrue(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the controller did not stop on SIGTERM");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertFalse(output.contains(AppSettings.PASSWORD), "the registry password is in the dry run's output");
    }

    private Process startController(Path kubeconfig, String namespace, int healthPort, String... options)
            throws IOException {
        return startController(kubeconfig, namespace, healthPort, Map.of(), options);
    }

    private Process startController(
            Path kubeconfig, String namespace, int healthPort, Map<String, String> moreEnv, String... options)
            throws IOException {
        PackagedJar.path();
        List<String> command =
                new ArrayList<>(List.of(javaExecutable(), "-jar", PackagedJar.path(), "controller", "--install-crds"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        log = workDir.resolve("controller.log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("PRIMEHUB_"));
        env.putAll(AppSettings.environment(namespace, "replica-jar"));
        env.put(ConfigKeys.HEALTH_PORT, Integer.toString(healthPort));
        env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
        env.putAll(moreEnv);
        return builder.start();
    }

    private void assertAlive() throws IOException {
        if (!process.isAlive()) {
            fail("the controller exited with status " + process.exitValue() + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
