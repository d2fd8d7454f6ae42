package io.primehub.imagebuilder.renderer;

import com.github.mustachejava.MustacheResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where templates (and the partials they include) are read from. Text is read as UTF-8 and its CRLF line
 * ends become LF, so that a template saved on Windows still renders a Dockerfile with LF line ends.
 */
final class TemplateSources {

    private TemplateSources() {}

    /**
     * Resources of the given class loader. mustache.java's own classpath resolver asks the thread's context
     * class loader, which in a service that embeds this library may not see this jar at all.
     */
    static MustacheResolver classpath(ClassLoader loader) {
        return name -> {
            try (InputStream in = loader.getResourceAsStream(name)) {
                return in == null ? null : normalized(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the template resource " + name, e);
            }
        };
    }

    /** Files in {@code directory} or below it, and nowhere else: a partial cannot reach out of its template's folder. */
    static MustacheResolver directory(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        return name -> {
            Path file;
            try {
                file = Path.of(name).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                return null;
            }
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                return null;
            }
            try {
                return normalized(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name + " as UTF-8 text", e);
            }
        };
    }

    private static StringReader normalized(String text) {
        return new StringReader(text.replace("\r\n", "\n"));
    }
}
