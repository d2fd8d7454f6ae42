package io.primehub.imagebuilder.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The integration-tests module's shell scripts under {@code build/}, found where the tests run from. */
public final class ModuleScripts {

    /** The module folder (Maven runs the tests there) and the repository root (an IDE may). */
    private static final List<Path> DIRS = List.of(Path.of("build"), Path.of("integration-tests", "build"));

    private ModuleScripts() {
    }

    /** The executable {@code build/<name>}; fails naming the working folder when there is none. */
    public static Path find(String name) {
        return DIRS.stream().map(dir -> dir.resolve(name)).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no build/" + name + " under " + Path.of("").toAbsolutePath()));
    }
}
