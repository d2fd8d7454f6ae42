package io.primehub.imagebuilder.app.metrics;

import com.sun.net.httpserver.HttpHandler;
import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.app.config.BuildInfo;
import io.primehub.imagebuilder.k8s.ControllerMetrics;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.prometheus.metrics.simpleclient.bridge.SimpleclientCollector;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The standalone controller's metrics, in Prometheus' Java client, served on {@code /metrics} of the health port
 * (docs/controller.md, "Metrics", lists each): the builds it started and ended, how long they ran, how long a change waited for
 * its pod, each kind's reconciles and their failures, the API requests it sent by method and status, whether this
 * replica leads, the JVM's own, and the work-queue figures that client-java's controllers keep in the {@code
 * simpleclient} default registry (bridged in).
 */
public final class PrometheusMetrics implements ControllerMetrics {

    /** Every metric of this project starts with it. */
    public static final String PREFIX = "primehub_image_builder_";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter buildsStarted;
    private final Counter buildsFinished;
    private final Histogram buildDuration;
    private final Histogram changeToPod;
    private final Histogram reconcileDuration;
    private final Counter reconcileErrors;
    private final Counter apiRequests;

    public PrometheusMetrics(BuildInfo build) {
        buildsStarted = Counter.builder()
                .name(PREFIX + "builds_started")
                .help("Build pods this controller created, by the kind that asked (ImageSpec or Image)")
                .labelNames("origin")
                .register(registry);
        buildsFinished = Counter.builder()
                .name(PREFIX + "builds_finished")
                .help("Jobs that ended while this controller worked on them, by phase and reason")
                .labelNames("phase", "reason")
                .register(registry);
        buildDuration = Histogram.builder()
                .name(PREFIX + "build_duration")
                .unit(Unit.SECONDS)
                .help("From a build pod's start to its job's end")
                .classicOnly()
                .classicUpperBounds(10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200)
                .register(registry);
        changeToPod = Histogram.builder()
                .name(PREFIX + "change_to_pod")
                .unit(Unit.SECONDS)
                .help("From the change that asked for a build (its updateTime, or the job's creation when later) to"
                        + " its pod's creation")
                .classicOnly()
                .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
                .register(registry);
        reconcileDuration = Histogram.builder()
                .name(PREFIX + "reconcile_duration")
                .unit(Unit.SECONDS)
                .help("How long one reconcile took, by kind (imagespec, image, imagespecjob)")
                .classicOnly()
                .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10)
                .labelNames("kind")
                .register(registry);
        reconcileErrors = Counter.builder()
                .name(PREFIX + "reconcile_errors")
                .help("Reconciles that failed and are retried with back-off, by kind")
                .labelNames("kind")
                .register(registry);
        apiRequests = Counter.builder()
                .name(PREFIX + "api_requests")
                .help("Requests to the Kubernetes API server, by HTTP method and status code (409: a conflict;"
                        + " \"error\": no answer)")
                .labelNames("method", "code")
                .register(registry);
        Info.builder()
                .name(PREFIX + "build_info")
                .help("This build's version and commit")
                .labelNames("version", "commit")
                .register(registry)
                .setLabelValues(build.version(), build.commit());
        JvmMetrics.builder().register(registry);
        // client-java's DefaultController counts its work queue and reconciles in simpleclient's default registry
        SimpleclientCollector.builder()
                .collectorRegistry(CollectorRegistry.defaultRegistry)
                .register(registry);
    }

    /** Reports {@value #PREFIX}{@code leader}: 1 while {@code leading} says this replica leads, else 0. */
    public PrometheusMetrics withLeader(BooleanSupplier leading) {
        GaugeWithCallback.builder()
                .name(PREFIX + "leader")
                .help("1 while this replica holds the leader Lease (or runs without leader election), else 0")
                .callback(callback -> callback.call(leading.getAsBoolean() ? 1 : 0))
                .register(registry);
        return this;
    }

    /** Counts every request {@code client} (and each client made from its HTTP client) sends; answers it. */
    public ApiClient instrument(ApiClient client) {
        client.setHttpClient(client.getHttpClient()
                .newBuilder()
                .addInterceptor(chain -> {
                    String method = chain.request().method().toUpperCase(Locale.ROOT);
                    try {
                        okhttp3.Response response = chain.proceed(chain.request());
                        apiRequests
                                .labelValues(method, Integer.toString(response.code()))
                                .inc();
                        return response;
                    } catch (IOException e) {
                        apiRequests.labelValues(method, "error").inc();
                        throw e;
                    }
                })
                .build());
        return client;
    }

    /** Serves the metrics in Prometheus' text format (or OpenMetrics, when the scraper asks for it). */
    public HttpHandler handler() {
        return new MetricsHandler(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void buildStarted(String origin, Duration sinceChange) {
        buildsStarted.labelValues(origin).inc();
        changeToPod.observe(seconds(sinceChange));
    }

    @Override
    public void buildFinished(String phase, String reason, Optional<Duration> duration) {
        buildsFinished.labelValues(phase, reason).inc();
        duration.ifPresent(ran -> buildDuration.observe(seconds(ran)));
    }

    @Override
    public void reconciled(String kind, Duration took, boolean failed) {
        reconcileDuration.labelValues(kind).observe(seconds(took));
        if (failed) {
            reconcileErrors.labelValues(kind).inc();
        }
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
