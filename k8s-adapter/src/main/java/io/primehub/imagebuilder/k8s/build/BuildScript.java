package io.primehub.imagebuilder.k8s.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The build script the pod runs, from the classpath (see its header for its environment and exit codes). */
public final class BuildScript {

    public static final String RESOURCE = "io/primehub/imagebuilder/k8s/build/build-image.sh";

    private BuildScript() {}

    /** The script's text; fails at once when the jar lacks it, so a broken package is seen at start. */
    public static String text() {
        try (InputStream in = BuildScript.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the build script " + RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build script " + RESOURCE, e);
        }
    }
}
