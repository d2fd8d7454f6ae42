package io.primehub.imagebuilder.app.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The build script that the controller's build pods run, shipped in the jar; local builds run the same one. */
public final class BuildScript {

    /** Classpath location, shared with the Kubernetes adapter that mounts it into build pods. */
    public static final String RESOURCE = "io/primehub/imagebuilder/k8s/build/build-image.sh";

    private BuildScript() {
    }

    /** Writes the script into {@code dir} (owner-only permissions) and returns its path. */
    public static Path extractTo(Path dir) {
        Path script = dir.resolve("build-image.sh");
        try (InputStream in = BuildScript.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the build script " + RESOURCE + " is missing from the classpath");
            }
            Files.copy(in, script);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build script to " + dir, e);
        }
    }
}
