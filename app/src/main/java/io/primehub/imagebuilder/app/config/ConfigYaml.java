package io.primehub.imagebuilder.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.primehub.imagebuilder.app.yaml.StrictYaml;
import io.primehub.imagebuilder.app.yaml.StrictYamlException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a configuration file's YAML strictly ({@link StrictYaml}), with every scalar kept as written, so that a
 * password {@code 0123} or a value {@code 0x1F}, {@code 1e5}, {@code yes} stays the text it is. A problem names the
 * file and the place, never a value: the parser's own words may quote the text, which may be a password.
 */
final class ConfigYaml {

    private ConfigYaml() {}

    /**
     * The document of {@code file} (a null node when it holds none); empty, with a problem added, when it cannot be
     * read or is not strict YAML.
     *
     * @param what how the syntax problem names the file's content, such as {@code "PrimeHub's controller
     *             configuration "}, or {@code ""}
     */
    static Optional<JsonNode> read(Path file, String what, List<String> problems) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            problems.add(file + ": " + what + "is not UTF-8 text");
            return Optional.empty();
        } catch (IOException e) {
            problems.add(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
        try {
            JsonNode document = StrictYaml.read(text, StrictYaml.Scalars.AS_WRITTEN);
            return Optional.of(document == null ? NullNode.getInstance() : document);
        } catch (StrictYamlException e) {
            if (e.notYaml()) {
                problems.add(
                        file + (e.line() == 0 ? "" : ":" + e.line() + ":" + e.column()) + ": " + what + e.reason());
            } else {
                problems.add(file + ": " + e.reason());
            }
            return Optional.empty();
        }
    }
}
