package io.primehub.imagebuilder.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings as the process sees them: environment variables, then a {@code .env} file for what the
 * environment does not set. A variable that is set in the environment wins even when it is empty, as with
 * Docker Compose. It answers raw strings; typed, validated settings are built on top of it (such as
 * {@link RegistrySettings}).
 */
public final class ConfigSource {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigSource.class);

    private final Map<String, String> environment;
    private final Map<String, String> dotEnv;
    private final Path dotEnvFile;

    private ConfigSource(Map<String, String> environment, Map<String, String> dotEnv, Path dotEnvFile) {
        this.environment = Map.copyOf(environment);
        this.dotEnv = Map.copyOf(dotEnv);
        this.dotEnvFile = dotEnvFile;
    }

    /**
     * Reads {@code dotEnvOrNull} when it is given and exists (a missing file is the same as an empty one).
     *
     * @throws DotEnvException when the file exists but cannot be read or has a malformed line
     */
    public static ConfigSource load(Map<String, String> environment, Path dotEnvOrNull) {
        if (dotEnvOrNull == null || Files.notExists(dotEnvOrNull)) {
            return new ConfigSource(environment, Map.of(), null);
        }
        Map<String, String> entries = DotEnvParser.parse(dotEnvOrNull, read(dotEnvOrNull));
        LOG.debug("Read {} settings from {}", entries.size(), dotEnvOrNull);
        return new ConfigSource(environment, entries, dotEnvOrNull);
    }

    /** Only the given variables, as from the environment, with no {@code .env} file. */
    public static ConfigSource of(Map<String, String> environment) {
        return load(environment, null);
    }

    /** The value of {@code key}: from the environment if set there, otherwise from the {@code .env} file. */
    public Optional<String> get(String key) {
        String fromEnvironment = environment.get(key);
        return fromEnvironment != null ? Optional.of(fromEnvironment) : Optional.ofNullable(dotEnv.get(key));
    }

    /** The {@code .env} file that was read, if one was. */
    public Optional<Path> dotEnvFile() {
        return Optional.ofNullable(dotEnvFile);
    }

    private static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DotEnvException(file, 0, "is not a regular file");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DotEnvException(file, "is not UTF-8 text", e);
        } catch (IOException e) {
            throw new DotEnvException(file, "cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public String toString() {
        // Counts only: values may be secrets.
        return "ConfigSource[" + environment.size() + " environment variables, "
                + (dotEnvFile == null ? "no .env file" : dotEnv.size() + " settings from " + dotEnvFile) + "]";
    }
}
