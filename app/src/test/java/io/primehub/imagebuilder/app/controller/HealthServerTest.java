package io.primehub.imagebuilder.app.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.app.config.BuildInfo;
import io.primehub.imagebuilder.app.config.HealthSettings;
import io.primehub.imagebuilder.app.metrics.PrometheusMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<Readiness> readiness = new AtomicReference<>(Readiness.notReady("starting"));
    private HealthServer server;

    @BeforeEach
    void start() {
        server = HealthServer.start(new HealthSettings("127.0.0.1", 0), readiness::get);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void answersHealthzWhileTheProcessRuns() throws Exception {
        HttpResponse<String> response = get("/healthz");

        assertEquals(200, response.statusCode());
        assertEquals("ok\n", response.body());
    }

    @Test
    void answersReadyzWithTheCurrentReadiness() throws Exception {
        HttpResponse<String> starting = get("/readyz");
        readiness.set(Readiness.ready("ready"));
        HttpResponse<String> ready = get("/readyz");

        assertEquals(503, starting.statusCode());
        assertEquals("starting\n", starting.body());
        assertEquals(200, ready.statusCode());
        assertEquals("ready\n", ready.body());
    }

    @Test
    void servesMetricsOnlyWhenGivenAHandler() throws Exception {
        assertEquals(404, get("/metrics").statusCode(), "no metrics handler: the path is unknown");

        PrometheusMetrics metrics = new PrometheusMetrics(new BuildInfo("1.2.3", "0123456789ab", false));
        metrics.buildStarted("ImageSpec", java.time.Duration.ofMillis(300));
        HealthServer withMetrics = HealthServer.start(
                new HealthSettings("127.0.0.1", 0), readiness::get, java.util.Optional.of(metrics.handler()));
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + withMetrics.port() + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(
                    response.body().contains("primehub_image_builder_builds_started_total{origin=\"ImageSpec\"} 1"),
                    response.body());
            assertTrue(response.body()
                    .contains("primehub_image_builder_build_info{commit=\"0123456789ab\",version=\"1.2.3\"} 1"));
        } finally {
            withMetrics.close();
        }
    }

    @Test
    void answers503WhenTheReadinessCheckFails() throws Exception {
        HealthServer failing = HealthServer.start(new HealthSettings("127.0.0.1", 0), () -> {
            throw new IllegalStateException("boom");
        });
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + failing.port() + "/readyz"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(503, response.statusCode());
            assertTrue(response.body().contains("IllegalStateException"), response.body());
        } finally {
            failing.close();
        }
    }

    @Test
    void answers404ForOtherPaths() throws Exception {
        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/healthz/extra").statusCode());
        assertEquals(404, get("/readyzz").statusCode());
    }

    @Test
    void answers405ForMethodsOtherThanGetAndHead() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/healthz"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void answersHeadWithoutABody() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/healthz"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void namesTheAddressItCannotBind() {
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class,
                () -> HealthServer.start(new HealthSettings("127.0.0.1", server.port()), readiness::get));

        assertTrue(
                e.getMessage().startsWith("cannot serve the health endpoints on 127.0.0.1:" + server.port()),
                e.getMessage());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
