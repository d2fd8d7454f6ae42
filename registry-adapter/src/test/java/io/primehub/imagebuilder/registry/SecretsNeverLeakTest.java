package io.primehub.imagebuilder.registry;

import static io.primehub.imagebuilder.registry.RegistrySettings.ENDPOINT_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.FEATURE_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.INSECURE_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.PASSWORD_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.PUSH_SECRET_NAME_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.REPO_PREFIX_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.USERNAME_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.registry.testing.RecordedLogs;
import io.primehub.imagebuilder.registry.testing.ServiceAccountKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.Level;

/**
 * The password (a plain one, and a Google JSON key) never shows in a {@code toString}, an exception message
 * or stack trace, a {@code .env} error, or a log line at any level.
 */
class SecretsNeverLeakTest {

    private static final String PLAIN_PASSWORD = "s3cr3t-Pa55word-7Qx";

    @TempDir
    Path dir;

    private final List<String> observed = new ArrayList<>();

    @BeforeEach
    void clearLogs() {
        RecordedLogs.clear();
    }

    static Stream<Arguments> passwords() {
        return Stream.of(
                Arguments.of("plain", PLAIN_PASSWORD, "builder"),
                Arguments.of("json key", ServiceAccountKeys.oneLineJsonKey(), "_json_key"));
    }

    /** Bad settings, one bad key at a time, each with the password set. */
    static List<Consumer<Map<String, String>>> badSettings() {
        return List.of(
                env -> env.put(FEATURE_KEY, "yes"),
                env -> env.put(ENDPOINT_KEY, "ftp://127.0.0.1:5000"),
                env -> env.put(ENDPOINT_KEY, "https://127.0.0.1:5000/some/path"),
                env -> env.put(
                        ENDPOINT_KEY,
                        "https://" + env.get(USERNAME_KEY) + ":" + env.get(PASSWORD_KEY) + "@127.0.0.1:5000"),
                env -> env.put(ENDPOINT_KEY, env.get(PASSWORD_KEY) + "@127.0.0.1:5000"),
                env -> env.put(REPO_PREFIX_KEY, env.get(PASSWORD_KEY)),
                env -> env.remove(ENDPOINT_KEY),
                env -> env.put(USERNAME_KEY, "a:b"),
                env -> env.put(USERNAME_KEY, "a\u0007b"),
                env -> env.remove(USERNAME_KEY),
                env -> env.put(PASSWORD_KEY, ""),
                env -> env.put(REPO_PREFIX_KEY, "Foo Bar"),
                env -> env.put(REPO_PREFIX_KEY, "127.0.0.1:5001/team"),
                env -> env.put(REPO_PREFIX_KEY, "team"),
                env -> env.remove(REPO_PREFIX_KEY),
                env -> env.put(PUSH_SECRET_NAME_KEY, "Bad_Name"),
                env -> env.put(INSECURE_KEY, "maybe"),
                env -> env.put(INSECURE_KEY, "false"));
    }

    private static Map<String, String> settings(String username, String password) {
        Map<String, String> env = new HashMap<>();
        env.put(FEATURE_KEY, "true");
        env.put(ENDPOINT_KEY, "http://127.0.0.1:5000");
        env.put(USERNAME_KEY, username);
        env.put(PASSWORD_KEY, password);
        env.put(REPO_PREFIX_KEY, "127.0.0.1:5000/team");
        return env;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passwords")
    void noBadSettingsMessageContainsThePassword(String kind, String password, String username) {
        List<Consumer<Map<String, String>>> cases = badSettings();
        for (Consumer<Map<String, String>> breakIt : cases) {
            Map<String, String> env = settings(username, password);
            breakIt.accept(env);
            RegistrySettingsException e = assertThrows(
                    RegistrySettingsException.class,
                    () -> RegistrySettings.load(ConfigSource.of(env)),
                    env.keySet().toString());
            observe(e);
            observed.addAll(e.problems());
            SettingsRegistryCredentials credentials = SettingsRegistryCredentials.load(ConfigSource.of(env));
            observed.add(credentials.toString());
            observed.add(credentials.notConfiguredReason().orElseThrow());
            observe(assertThrows(IllegalStateException.class, credentials::dockerConfigJson));
        }
        assertTrue(observed.size() >= cases.size() * 5);
        assertNothingLeaks(password, username);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passwords")
    void configuredSettingsLogAndPrintNoPassword(String kind, String password, String username) {
        Map<String, String> env = settings(username, password);
        RegistrySettings settings = RegistrySettings.load(ConfigSource.of(env));
        SettingsRegistryCredentials credentials = new SettingsRegistryCredentials(settings);
        byte[] config = credentials.dockerConfigJson();
        DockerConfigJson parsed = DockerConfigJson.parse(config);

        observed.add(settings.toString());
        observed.add(settings.password().toString());
        observed.add(credentials.toString());
        observed.add(parsed.toString());
        observed.add(parsed.auths().toString());
        observed.add(ConfigSource.of(env).toString());

        assertTrue(
                RecordedLogs.events().stream()
                        .anyMatch(e -> e.level() == Level.INFO && e.message().contains("127.0.0.1:5000/team")),
                "the settings summary is logged, so this test does look at real log output");
        assertTrue(
                RecordedLogs.events().stream().anyMatch(e -> e.level() == Level.DEBUG),
                "debug events are recorded too");
        assertNothingLeaks(password, username);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passwords")
    void dotEnvErrorsDoNotRepeatThePassword(String kind, String password, String username) throws IOException {
        String quoted = ServiceAccountKeys.asDoubleQuotedDotEnvValue(password);
        List<String> badFiles = List.of(
                PASSWORD_KEY + "=" + quoted.substring(0, quoted.length() - 1),
                PASSWORD_KEY + "='" + password,
                PASSWORD_KEY + "=" + quoted + " trailing",
                PASSWORD_KEY + "='x' " + password,
                "A=1\n" + password,
                password.replace(":", "") + "\nA=1");
        Path file = dir.resolve(".env");
        for (String content : badFiles) {
            Files.writeString(file, content + "\n", StandardCharsets.UTF_8);
            observe(assertThrows(DotEnvException.class, () -> ConfigSource.load(Map.of(), file)));
        }
        assertNothingLeaks(password, username);
    }

    /**
     * Every bad setting again, from a {@code .env} file whose lines end with CR, CRLF or LF, the password last: no line
     * end may run the next lines, the password among them, into the bad value that a message shows.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("passwords")
    void noLineEndOfADotEnvFileFoldsThePasswordIntoAMessage(String kind, String password, String username)
            throws IOException {
        Path file = dir.resolve(".env");
        for (String lineEnd : List.of("\r", "\r\n", "\n")) {
            for (Consumer<Map<String, String>> breakIt : badSettings()) {
                Map<String, String> env = settings(username, password);
                breakIt.accept(env);
                StringBuilder text = new StringBuilder();
                env.forEach((key, value) -> {
                    if (!key.equals(PASSWORD_KEY)) {
                        text.append(key).append('=').append(value).append(lineEnd);
                    }
                });
                text.append(PASSWORD_KEY)
                        .append('=')
                        .append(env.getOrDefault(PASSWORD_KEY, ""))
                        .append(lineEnd);
                Files.writeString(file, text, StandardCharsets.UTF_8);
                RegistrySettingsException e = assertThrows(
                        RegistrySettingsException.class,
                        () -> RegistrySettings.load(ConfigSource.load(Map.of(), file)),
                        env.keySet().toString());
                observe(e);
            }
        }
        assertNothingLeaks(password, username);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passwords")
    void brokenDockerConfigErrorsDoNotQuoteIt(String kind, String password, String username) {
        String config = new String(
                DockerConfigJson.forCredentials("gcr.example", username, Secret.of(password)), StandardCharsets.UTF_8);
        int passwordAt = config.indexOf("\"password\":") + 11;
        List<String> broken = List.of(
                config.substring(0, config.length() - 3),
                config.substring(0, passwordAt) + config.substring(passwordAt + 1),
                config.replace("\"auths\"", "\"other\""),
                config.replace("\"username\"", "\"user\"").replace("\"auth\":\"", "\"auth\":\"!"));
        for (String json : broken) {
            observe(assertThrows(
                    IllegalArgumentException.class,
                    () -> DockerConfigJson.parse(json.getBytes(StandardCharsets.UTF_8))));
        }
        assertNothingLeaks(password, username);
    }

    private void observe(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        observed.add(trace.toString());
    }

    /**
     * Neither the password, any 6 characters in a row of it (a parser quoting just the start of a token is
     * caught too), nor its basic-auth encoding appears anywhere observed. For a JSON key, whose field names and
     * URLs are public, windows of 12 characters every 3 are used.
     */
    private void assertNothingLeaks(String password, String username) {
        List<String> everything = new ArrayList<>(observed);
        RecordedLogs.events().forEach(event -> everything.add(event.fullText()));
        assertFalse(everything.isEmpty());
        List<String> needles = new ArrayList<>(fragments(password));
        needles.add(Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        needles.add(Base64.getEncoder()
                .encodeToString(password.getBytes(StandardCharsets.UTF_8))
                .substring(0, 16));
        for (String text : everything) {
            for (String needle : needles) {
                assertFalse(
                        text.contains(needle), () -> "a secret leaked into: " + text.replace(password, "<PASSWORD>"));
            }
        }
        assertEquals(0, everything.stream().filter(t -> t.contains(password)).count());
    }

    private static List<String> fragments(String password) {
        boolean jsonKey = password.startsWith("{");
        int width = jsonKey ? 12 : 6;
        int step = jsonKey ? 3 : 1;
        List<String> fragments = new ArrayList<>();
        for (int i = 0; i + width <= password.length(); i += step) {
            fragments.add(password.substring(i, i + width));
        }
        return fragments;
    }
}
