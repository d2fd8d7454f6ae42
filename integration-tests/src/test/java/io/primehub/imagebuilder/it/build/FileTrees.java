package io.primehub.imagebuilder.it.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removes buildah's storage after a build, before JUnit's temp-dir cleanup sees it: a root file system is full of
 * absolute symbolic links, each of which JUnit would warn about.
 */
final class FileTrees {

    private FileTrees() {
    }

    /** Deletes a folder and everything in it, symbolic links as links (never what they point to). */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
