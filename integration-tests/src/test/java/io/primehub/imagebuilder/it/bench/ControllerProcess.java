package io.primehub.imagebuilder.it.bench;

import io.primehub.imagebuilder.app.config.ConfigKeys;
import io.primehub.imagebuilder.it.support.PackagedJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar's {@code controller} as its Deployment runs it, a separate process with {@code -Xmx256m} and the
 * default settings but the registry's and the health port's; its own user agent tells its requests apart in the
 * audit log.
 */
final class ControllerProcess implements AutoCloseable {

    static final String HEAP = "-Xmx256m";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int healthPort;
    private final Path log;

    private ControllerProcess(Process process, int healthPort, Path log) {
        this.process = process;
        this.healthPort = healthPort;
        this.log = log;
    }

    /**
     * Starts it; {@code registry} holds the registry's settings as environment variables, {@code label} names this
     * process in the extra Java options ({@code {label}}).
     */
    static ControllerProcess start(Path kubeconfig, Map<String, String> registry, Path log, String label) {
        try {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP));
            // for a profile: -Dbench.controller-java-options="-XX:StartFlightRecording=filename={label}.jfr"
            String extra = System.getProperty("bench.controller-java-options", "")
                    .strip()
                    .replace("{label}", label);
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            command.addAll(List.of("-jar", PackagedJar.path(), "controller"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(key -> key.startsWith("PRIMEHUB_"));
            env.putAll(registry);
            // for a comparison with other settings: -Dbench.controller-env=KEY=VALUE,KEY=VALUE (the report names them)
            env.putAll(extraEnvironment());
            env.put(ConfigKeys.HEALTH_ADDRESS, "127.0.0.1");
            env.put(ConfigKeys.HEALTH_PORT, Integer.toString(port));
            env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
            return new ControllerProcess(builder.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the controller", e);
        }
    }

    /** {@code -Dbench.controller-env}: settings besides the defaults, for comparisons; empty for the figures. */
    static Map<String, String> extraEnvironment() {
        Map<String, String> env = new java.util.TreeMap<>();
        for (String pair : System.getProperty("bench.controller-env", "").split(",", -1)) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                env.put(
                        pair.substring(0, equals).strip(),
                        pair.substring(equals + 1).strip());
            }
        }
        return env;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until {@code /readyz} answers 200 {@code ready}: leading, its informers synced and its workers running (a
     * replica waiting for the Lease answers 200 {@code standby}, which is not that).
     */
    Duration awaitReady(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the controller exited with status " + process.exitValue() + "; its log:\n" + tail());
            }
            if (ready()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the controller was not ready within " + timeout + "; its log:\n" + tail());
    }

    private boolean ready() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().strip().equals("ready");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, as a Deployment stops it; SIGKILL after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
