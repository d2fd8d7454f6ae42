package io.primehub.imagebuilder.it.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the end-to-end tests need on this machine, checked before anything starts. A failure says what to run;
 * nothing is skipped, so a machine without buildah cannot pass these tests by not running them. (The control
 * plane's own binaries are checked by the cluster fixture, which names {@code integration-tests/k8s/ci-prepare}.)
 */
final class EndToEndPrerequisites {

    static final String PREPARE_HINT = "run integration-tests/build/ci-prepare (as root) first, and"
            + " IT_K8S_BINARIES=\"$(integration-tests/k8s/ci-prepare)\" for the control plane";

    private static final List<String> TOOLS = List.of("bash", "buildah", "docker-registry", "htpasswd", "skopeo", "curl");
    private static final List<Path> SCRIPT_DIRS = List.of(Path.of("build"), Path.of("integration-tests", "build"));
    /** Provisioning is cached; a cold run (debootstrap) takes minutes on a busy machine. */
    private static final long PROVISION_TIMEOUT_MINUTES = 15;

    private EndToEndPrerequisites() {
    }

    /** Fails, naming what is missing, unless every tool is on the PATH and this runs as root. */
    static void check() {
        List<String> missing = TOOLS.stream().filter(tool -> onPath(tool).isEmpty()).toList();
        if (!missing.isEmpty()) {
            fail(String.join(", ", missing) + " not found on the PATH: " + PREPARE_HINT);
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("the local kubelet runs buildah with chroot isolation, as the build pod does (privileged, as root),"
                    + " which needs root");
        }
    }

    /** The module's provisioning scripts, from the module folder (Maven) or the repository root (an IDE). */
    static Path scripts() {
        return SCRIPT_DIRS.stream().filter(dir -> Files.isExecutable(dir.resolve("provision-base-image"))).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no build/provision-base-image under " + Path.of("").toAbsolutePath()));
    }

    /** Makes the Debian base image once (cached) and returns {@code oci-archive:<path>}, its location. */
    static String baseImageLocation() {
        Path output = null;
        try {
            output = Files.createTempFile("provision-base-image", ".out");
            Process process = new ProcessBuilder("bash", scripts().resolve("provision-base-image").toString())
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(PROVISION_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                fail("provision-base-image did not finish in " + PROVISION_TIMEOUT_MINUTES + " minutes");
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 || lines.isEmpty()) {
                fail("provision-base-image failed with exit code " + process.exitValue() + " (its messages are above); "
                        + PREPARE_HINT);
            }
            return lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run provision-base-image", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // A leftover temp file must not hide the result.
                }
            }
        }
    }

    static Optional<Path> onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
