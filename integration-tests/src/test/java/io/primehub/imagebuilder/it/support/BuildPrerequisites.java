package io.primehub.imagebuilder.it.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the tests that build images need on this machine, checked before anything starts: a failure says what to
 * run instead of skipping, so a machine without buildah cannot pass the build tests by not running them. (The
 * control plane's own binaries are checked by the cluster fixture, which names {@code integration-tests/k8s/ci-prepare}.)
 */
public final class BuildPrerequisites {

    public static final String PREPARE_HINT = "run integration-tests/build/ci-prepare (as root) first";

    private static final List<String> TOOLS =
            List.of("bash", "buildah", "docker-registry", "htpasswd", "skopeo", "curl");

    private BuildPrerequisites() {}

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
        return ModuleScripts.provision("build", "provision-base-image", PREPARE_HINT);
    }

    private static boolean isOnPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
