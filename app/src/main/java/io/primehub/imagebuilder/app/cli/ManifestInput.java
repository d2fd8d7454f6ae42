package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.app.manifest.ImageSpecManifest;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -f FILE} option shared by the commands that read an {@code ImageSpec}; {@code -} is standard input. */
final class ManifestInput {

    @Option(
            names = {"-f", "--filename"},
            required = true,
            paramLabel = "FILE",
            description = "The ImageSpec manifest (YAML or JSON, as kubectl takes it); '-' reads standard input.")
    String file;

    ImageSpec read(InputStream stdin) {
        if ("-".equals(file)) {
            return ImageSpecManifest.read("<stdin>", readAll(stdin));
        }
        Path path = Path.of(file);
        try {
            return ImageSpecManifest.read(file, Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + file + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    e);
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
    }
}
