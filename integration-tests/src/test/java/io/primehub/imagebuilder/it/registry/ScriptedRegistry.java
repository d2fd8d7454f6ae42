package io.primehub.imagebuilder.it.registry;

import io.primehub.imagebuilder.it.support.ModuleScripts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real registry (Debian's {@code docker-registry}, htpasswd authentication, plain HTTP on loopback) started
 * and stopped by the module's {@code build/start-registry} and {@code build/stop-registry} scripts. Public for the
 * tests that build images ({@code it.support.PrivateBaseRegistry}), which push into one.
 */
public final class ScriptedRegistry implements AutoCloseable {

    private static final long SCRIPT_TIMEOUT_SECONDS = 120;

    private final Path scripts;
    private final Path stateDir;
    private final String address;

    private ScriptedRegistry(Path scripts, Path stateDir, String address) {
        this.scripts = scripts;
        this.stateDir = stateDir;
        this.address = address;
    }

    public static ScriptedRegistry start(String user, String password) {
        return start(user, password, "127.0.0.1");
    }

    /** A registry listening on {@code listenAddress}, an IPv4 address of this machine. */
    public static ScriptedRegistry start(String user, String password, String listenAddress) {
        Path scripts = ModuleScripts.find("start-registry").getParent();
        try {
            Path stateDir = Files.createTempDirectory("registry-client-it");
            Path output = stateDir.resolveSibling(stateDir.getFileName() + ".out");
            ProcessBuilder builder = new ProcessBuilder(
                            scripts.resolve("start-registry").toString(),
                            "--state-dir",
                            stateDir.toString(),
                            "--address",
                            listenAddress)
                    .redirectErrorStream(false)
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // The password goes through the environment, not the command line, as the script asks.
            builder.environment().put("TEST_REGISTRY_USER", user);
            builder.environment().put("TEST_REGISTRY_PASSWORD", password);
            Process process = builder.start();
            if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("start-registry did not finish in " + SCRIPT_TIMEOUT_SECONDS + " s");
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0 || lines.isEmpty()) {
                throw new IllegalStateException(
                        "start-registry failed with exit code " + process.exitValue() + " (its messages are above)");
            }
            return new ScriptedRegistry(
                    scripts, stateDir, lines.get(lines.size() - 1).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code HOST:PORT}, e.g. {@code 127.0.0.1:PORT}. */
    public String address() {
        return address;
    }

    /** The bytes the registry stores (blobs and metadata): what was pushed to it, each blob once. */
    public long storedBytes() {
        try (java.util.stream.Stream<Path> files = Files.walk(stateDir.resolve("data"))) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            Process process = new ProcessBuilder(
                            scripts.resolve("stop-registry").toString(), "--state-dir", stateDir.toString())
                    .inheritIO()
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
