package io.primehub.imagebuilder.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.primehub.imagebuilder.app.config.BuildInfo;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {

    private final PrometheusMetrics metrics = new PrometheusMetrics(new BuildInfo("1.2.3", "0123456789ab", false));

    /** The scrape in Prometheus' text format, read into sample → value. */
    private Map<String, Double> samples() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.builder()
                .setIncludeCreatedTimestamps(false)
                .build()
                .write(out, metrics.registry().scrape());
        Map<String, Double> samples = new HashMap<>();
        out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> samples.put(
                        line.substring(0, line.lastIndexOf(' ')),
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
        return samples;
    }

    @Test
    void countsBuildsByOriginAndByPhaseAndReason() throws IOException {
        metrics.buildStarted("ImageSpec", Duration.ofMillis(200));
        metrics.buildStarted("Image", Duration.ofSeconds(3));
        metrics.buildFinished("Succeeded", "Succeeded", Optional.of(Duration.ofSeconds(95)));
        metrics.buildFinished("Failed", "PushFailed", Optional.of(Duration.ofSeconds(40)));
        metrics.buildFinished("Succeeded", "AlreadyBuilt", Optional.empty());

        Map<String, Double> samples = samples();
        assertEquals(
                1.0,
                samples.get("primehub_image_builder_builds_started_total{origin=\"ImageSpec\"}"),
                samples.toString());
        assertEquals(1.0, samples.get("primehub_image_builder_builds_started_total{origin=\"Image\"}"));
        assertEquals(
                1.0,
                samples.get("primehub_image_builder_builds_finished_total{phase=\"Failed\",reason=\"PushFailed\"}"));
        assertEquals(
                1.0,
                samples.get(
                        "primehub_image_builder_builds_finished_total{phase=\"Succeeded\",reason=\"AlreadyBuilt\"}"));
        assertEquals(
                2.0,
                samples.get("primehub_image_builder_build_duration_seconds_count"),
                "a job with no pod that ran has no duration");
        assertEquals(135.0, samples.get("primehub_image_builder_build_duration_seconds_sum"));
        assertEquals(1.0, samples.get("primehub_image_builder_change_to_pod_seconds_bucket{le=\"0.25\"}"));
        assertEquals(2.0, samples.get("primehub_image_builder_change_to_pod_seconds_count"));
    }

    @Test
    void timesReconcilesAndCountsFailuresByKind() throws IOException {
        metrics.reconciled("imagespecjob", Duration.ofMillis(4), false);
        metrics.reconciled("imagespecjob", Duration.ofMillis(30), true);
        metrics.reconciled("imagespec", Duration.ofMillis(2), false);

        Map<String, Double> samples = samples();
        assertEquals(
                2.0,
                samples.get("primehub_image_builder_reconcile_duration_seconds_count{kind=\"imagespecjob\"}"),
                samples.toString());
        assertEquals(1.0, samples.get("primehub_image_builder_reconcile_errors_total{kind=\"imagespecjob\"}"));
        assertEquals(
                null,
                samples.get("primehub_image_builder_reconcile_errors_total{kind=\"imagespec\"}"),
                "no failure of imagespec reconciles");
    }

    @Test
    void saysWhetherThisReplicaLeadsAtEachScrape() throws IOException {
        AtomicBoolean leading = new AtomicBoolean(false);
        metrics.withLeader(leading::get);
        assertEquals(0.0, samples().get("primehub_image_builder_leader"));
        leading.set(true);
        assertEquals(1.0, samples().get("primehub_image_builder_leader"));
    }

    @Test
    void namesItsBuild() throws IOException {
        assertEquals(
                1.0, samples().get("primehub_image_builder_build_info{commit=\"0123456789ab\",version=\"1.2.3\"}"));
    }
}
