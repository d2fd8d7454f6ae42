package io.primehub.imagebuilder.it.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The standalone jar that {@code app} packages, as the tests that run it as a user would find it. */
public final class PackagedJar {

    /** The shaded jar, relative to the integration-tests module, where Maven runs the tests. */
    private static final Path JAR = Path.of("..", "app", "target", "image-builder.jar");

    private PackagedJar() {}

    /** Its absolute path; fails the test, saying how to make it, when it has not been built. */
    public static String path() {
        if (!Files.isRegularFile(JAR)) {
            fail(JAR.toAbsolutePath().normalize() + " does not exist: build it first with `mvn -B package` (the"
                    + " integration-tests module runs after app in a full `mvn verify`)");
        }
        return JAR.toAbsolutePath().normalize().toString();
    }
}
