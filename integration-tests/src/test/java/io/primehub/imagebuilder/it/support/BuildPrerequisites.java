package io.primehub.imagebuilder.it.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the tests that build images need on this machine, checked before anything starts: a failure says what to
 * run instead of skipping, so a machine without buildah cannot pass the build tests by not running them. (The
 * control plane's own binaries are checked by the cluster fixture, which names {@code integration-tests/k8s/ci-prepare}.)
 */
public final class BuildPrerequisites {

    public static final String PREPARE_HINT = "run integration-tests/build/ci-prepare (as root) first";

    private static final List<String> TOOLS = List.of("bash", "buildah", "docker-registry", "htpasswd", "skopeo", "curl");
    // Provisioning is cached; a cold run (debootstrap) takes minutes on a busy machine.
    private static final long PROVISION_TIMEOUT_MINUTES = 15;

    private BuildPrerequisites() {
    }

    /** Fails the calling test class, naming what is missing, unless every tool is on the PATH and this runs as root. */
    public static void check() {
        List<String> missing = TOOLS.stream().filter(tool -> !isOnPath(tool)).toList();
        if (!missing.isEmpty()) {
            fail(String.join(", ", missing) + " not found on the PATH: " + PREPARE_HINT);
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("the build tests run buildah with chroot isolation, as the build pod does (privileged, as root),"
                    + " which needs root");
        }
    }

    /**
     * Makes (once; it is cached) the Debian base image and returns its location as a transport reference,
     * {@code oci-archive:<path>}: the last line {@code provision-base-image} prints.
     */
    public static String baseImageLocation() {
        Path output = null;
        try {
            output = Files.createTempFile("provision-base-image", ".out");
            Process process = new ProcessBuilder("bash", ModuleScripts.find("provision-base-image").toString())
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
            deleteQuietly(output);
        }
    }

    private static boolean isOnPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover temp file must not hide the result.
            }
        }
    }
}
