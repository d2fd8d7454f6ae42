package io.primehub.imagebuilder.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The integration-tests module's shell scripts under {@code build/} and {@code k8s/}, found where the tests run from. */
public final class ModuleScripts {

    /** Provisioning is cached; a cold run (debootstrap, a Go build) takes minutes on a busy machine. */
    private static final long PROVISION_TIMEOUT_MINUTES = 15;

    /** The module folder (Maven runs the tests there) and the repository root (an IDE may). */
    private static final List<Path> ROOTS = List.of(Path.of(""), Path.of("integration-tests"));

    private ModuleScripts() {}

    /** The executable {@code build/<name>}; fails naming the working folder when there is none. */
    public static Path find(String name) {
        return find("build", name);
    }

    /** The executable {@code <folder>/<name>}; fails naming the working folder when there is none. */
    public static Path find(String folder, String name) {
        return ROOTS.stream()
                .map(root -> root.resolve(folder).resolve(name))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no " + folder + "/" + name + " under " + Path.of("").toAbsolutePath()));
    }

    /**
     * Runs {@code <folder>/<name> args...}, a provisioning script that caches what it makes and prints, as its last
     * line on stdout, where that is; returns that line. Its messages go to this process's stderr. Fails, with
     * {@code hint}, when it fails or does not finish within {@value #PROVISION_TIMEOUT_MINUTES} minutes.
     */
    public static String provision(String folder, String name, String hint, String... args) {
        Path output = null;
        try {
            output = Files.createTempFile(name, ".out");
            List<String> command =
                    new ArrayList<>(List.of("bash", find(folder, name).toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command)
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(PROVISION_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(name + " did not finish in " + PROVISION_TIMEOUT_MINUTES + " minutes");
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 || lines.isEmpty()) {
                throw new IllegalStateException(
                        name + " failed with exit code " + process.exitValue() + " (its messages are above); " + hint);
            }
            return lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a leftover temp file must not hide the result
                }
            }
        }
    }
}
