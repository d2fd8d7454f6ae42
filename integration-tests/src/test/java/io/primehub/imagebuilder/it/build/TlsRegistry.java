package io.primehub.imagebuilder.it.build;

import io.primehub.imagebuilder.it.support.FileTrees;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code docker-registry} serving HTTPS on 127.0.0.1 with a certificate of a {@link TestCertificates} CA that
 * nothing on this machine trusts, and no authentication (it takes any credential): the registry behind a private CA.
 */
final class TlsRegistry implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (127\\.0\\.0\\.1:\\d+)");
    private static final Duration START = Duration.ofSeconds(30);

    private final Process process;
    private final Path stateDir;
    private final String address;

    private TlsRegistry(Process process, Path stateDir, String address) {
        this.process = process;
        this.stateDir = stateDir;
        this.address = address;
    }

    static TlsRegistry start(TestCertificates certificates) {
        Path stateDir = null;
        Process process = null;
        try {
            stateDir = Files.createTempDirectory("tls-registry");
            Path config = Files.writeString(stateDir.resolve("config.yml"), """
                    version: 0.1
                    log:
                      level: info
                    storage:
                      filesystem:
                        rootdirectory: %s
                    http:
                      addr: 127.0.0.1:0
                      tls:
                        certificate: %s
                        key: %s
                    """.formatted(
                            stateDir.resolve("data"), certificates.serverChainPem(), certificates.serverKeyPem()));
            Path log = stateDir.resolve("registry.log");
            ProcessBuilder builder = new ProcessBuilder("docker-registry", "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // The registry reads REGISTRY_* variables as configuration.
            builder.environment().keySet().removeIf(key -> key.startsWith("REGISTRY_"));
            process = builder.start();
            String address = waitForAddress(process, log);
            waitUntilServing(process, address, certificates, log);
            return new TlsRegistry(process, stateDir, address);
        } catch (IOException e) {
            stop(process, stateDir);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            stop(process, stateDir);
            throw e;
        }
    }

    /** {@code 127.0.0.1:PORT}. */
    String address() {
        return address;
    }

    private static String waitForAddress(Process process, Path log) throws IOException {
        Instant deadline = Instant.now().plus(START);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry ended: " + Files.readString(log));
            }
            sleep();
        }
        throw new IllegalStateException(
                "docker-registry reported no address in " + START + ": " + Files.readString(log));
    }

    private static void waitUntilServing(Process process, String address, TestCertificates certificates, Path log)
            throws IOException {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(certificates.clientTls())
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("https://" + address + "/v2/"))
                .GET()
                .build();
        Instant deadline = Instant.now().plus(START);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        throw new IllegalStateException("https://" + address + "/v2/ did not answer 200: " + Files.readString(log));
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Process process, Path stateDir) {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stateDir != null) {
            try {
                FileTrees.delete(stateDir);
            } catch (IOException ignored) {
                // a leftover temp folder must not hide the test's result
            }
        }
    }

    @Override
    public void close() {
        stop(process, stateDir);
    }
}
