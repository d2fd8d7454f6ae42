package io.primehub.imagebuilder.app.controller;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.primehub.imagebuilder.app.config.HealthSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the kubelet's probes: {@code /healthz} answers 200 while the process runs, {@code /readyz} answers
 * what the readiness supplier says (200 or 503, with one line of text), and, when given a handler, {@code /metrics}
 * for Prometheus. Anything else is 404; a method other than GET or HEAD is 405.
 */
public final class HealthServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving on a daemon thread.
     *
     * @throws UncheckedIOException when the address cannot be bound, naming it
     */
    public static HealthServer start(HealthSettings settings, Supplier<Readiness> readiness) {
        return start(settings, readiness, Optional.empty());
    }

    /** As {@link #start(HealthSettings, Supplier)}, serving {@code /metrics} with {@code metrics} when given. */
    public static HealthServer start(
            HealthSettings settings, Supplier<Readiness> readiness, Optional<HttpHandler> metrics) {
        Objects.requireNonNull(readiness, "readiness");
        InetSocketAddress address = new InetSocketAddress(settings.bindAddress(), settings.port());
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve the health endpoints on " + settings.bindAddress() + ":" + settings.port() + " ("
                            + e.getMessage() + ")",
                    e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "health-server");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, readiness, metrics));
        server.start();
        HealthServer health = new HealthServer(server, executor);
        LOG.info(
                "Serving /healthz, /readyz{} on {}:{}",
                metrics.isPresent() ? " and /metrics" : "",
                settings.bindAddress(),
                health.port());
        return health;
    }

    /** The port served, which is the bound one when the settings asked for port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void handle(HttpExchange exchange, Supplier<Readiness> readiness, Optional<HttpHandler> metrics)
            throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "method not allowed");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/healthz" -> respond(exchange, 200, "ok");
                case "/metrics" -> {
                    if (metrics.isPresent()) {
                        metrics.get().handle(exchange);
                    } else {
                        respond(exchange, 404, "not found");
                    }
                }
                case "/readyz" -> {
                    Readiness now = readinessOf(readiness);
                    respond(exchange, now.ready() ? 200 : 503, now.detail());
                }
                default -> respond(exchange, 404, "not found");
            }
        }
    }

    private static Readiness readinessOf(Supplier<Readiness> readiness) {
        try {
            return readiness.get();
        } catch (RuntimeException e) {
            LOG.warn("Readiness check failed", e);
            return Readiness.notReady("readiness check failed: " + e.getClass().getSimpleName());
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
