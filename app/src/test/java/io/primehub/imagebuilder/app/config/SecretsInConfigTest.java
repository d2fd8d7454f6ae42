package io.primehub.imagebuilder.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretsInConfigTest {

    private static final String PASSWORD = "{\"type\":\"service_account\",\"private_key\":\"TOP-SECRET-KEY\"}";

    @TempDir
    Path dir;

    @Test
    void keepsThePasswordOutOfToString() {
        ImageBuilderConfig config = ImageBuilderConfig.load(registry(), null, null, dir);

        assertFalse(config.toString().contains("TOP-SECRET-KEY"), config.toString());
        assertTrue(config.toString().contains("password=***"), config.toString());
    }

    @Test
    void keepsThePasswordOutOfProblemsAboutOtherKeys() {
        Map<String, String> env = registry();
        env.put("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME", "bad:user");
        env.put(ConfigKeys.WORKERS, "none");

        ConfigException e = assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(env, null, null, dir));

        assertFalse(e.getMessage().contains("TOP-SECRET-KEY"), e.getMessage());
    }

    @Test
    void keepsThePasswordOutOfYamlProblems() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), """
                customImageRegistryPassword: "TOP-SECRET-KEY
                customImageRegistryUsername: [x
                """);

        ConfigException e =
                assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(Map.of(), null, file, dir));

        assertFalse(e.getMessage().contains("TOP-SECRET-KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("is not valid YAML"), e.getMessage());
    }

    @Test
    void keepsThePasswordOutOfANestedPasswordProblem() throws IOException {
        Path file =
                Files.writeString(dir.resolve("config.yaml"), "customImageRegistryPassword:\n  key: TOP-SECRET-KEY\n");

        ConfigException e =
                assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(Map.of(), null, file, dir));

        assertFalse(e.getMessage().contains("TOP-SECRET-KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("customImageRegistryPassword"), e.getMessage());
    }

    /** Files that break a rule of the strict YAML reader around the password, in this project's and PrimeHub's form. */
    static Stream<Arguments> strictYamlProblems() {
        String ours = "customImageRegistryPassword";
        String primeHubs = "customImage:\n  registryPassword";
        return Stream.of(ours, primeHubs)
                .flatMap(key -> Stream.of(
                        Arguments.of(key + ": TOP-SECRET-KEY\n" + key.substring(key.lastIndexOf('\n') + 1)
                                + ": TOP-SECRET-KEY\n"),
                        Arguments.of(key + ": &TOP-SECRET-KEY TOP-SECRET-KEY\n"),
                        Arguments.of(key + ": TOP-SECRET-KEY\n---\n" + key + ": TOP-SECRET-KEY\n"),
                        Arguments.of(key + ": TOP-SECRET-KEY\u0001\n"),
                        Arguments.of(key + ": \"TOP-SECRET-KEY\\q\"\n"),
                        Arguments.of(key + ": [TOP-SECRET-KEY, {\n")));
    }

    @ParameterizedTest
    @MethodSource("strictYamlProblems")
    void keepsThePasswordOutOfStrictYamlProblems(String text) throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), text);
        boolean primeHubs = text.startsWith("customImage:");

        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ImageBuilderConfig.load(Map.of(), null, primeHubs ? null : file, primeHubs ? file : null, dir));

        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains("SECRET"), trace.toString());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void keepsAPasswordThatLooksLikeANumberAsWrittenAndOutOfToString() throws IOException {
        Map<String, String> env = registry();
        env.remove("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD");
        Path file = Files.writeString(dir.resolve("config.yaml"), "customImageRegistryPassword: 0123\n");

        ImageBuilderConfig config = ImageBuilderConfig.load(env, null, file, dir);

        assertEquals("0123", config.registry().password().reveal());
        assertFalse(config.toString().contains("0123"), config.toString());
    }

    @Test
    void keepsUserAndPasswordInAnEndpointOutOfProblems() {
        Map<String, String> env = registry();
        env.put("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT", "https://builder:TOP-SECRET-KEY@registry.example.test");

        ConfigException e = assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(env, null, null, dir));

        assertFalse(e.getMessage().contains("TOP-SECRET-KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT"), e.getMessage());
    }

    @Test
    void keepsAPasswordInAProxyOrIndexUrlOutOfProblemsFromEverySource() throws IOException {
        String proxy = "http://builder:TOP-SECRET-KEY@proxy.example.test:3128";
        Path dotEnv = Files.writeString(
                dir.resolve(".env"),
                "PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_INDEX_URL=https://builder:TOP-SECRET-KEY@pypi.example.test/simple\n");
        Path yaml = Files.writeString(
                dir.resolve("config.yaml"),
                "customImageBuildAptMirror: \"http://builder:TOP-SECRET-KEY@mirror.example.test/x y\"\n");

        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ImageBuilderConfig.load(
                        Map.of("PRIMEHUB_CUSTOM_IMAGE_BUILD_HTTPS_PROXY", proxy), dotEnv, yaml, dir));

        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains("TOP-SECRET-KEY"), trace.toString());
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(
                e.problems()
                        .get(0)
                        .startsWith("PRIMEHUB_CUSTOM_IMAGE_BUILD_HTTPS_PROXY: holds a user name or password"),
                e.getMessage());
        assertTrue(e.getMessage().contains("PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_INDEX_URL: holds"), e.getMessage());
        assertTrue(e.getMessage().contains("PRIMEHUB_CUSTOM_IMAGE_BUILD_APT_MIRROR: holds"), e.getMessage());
    }

    @Test
    void keepsThePasswordOfACarriageReturnDotEnvOutOfProblems() throws IOException {
        Path dotEnv = Files.writeString(
                dir.resolve(".env"),
                "PRIMEHUB_FEATURE_CUSTOM_IMAGE=yes\r" + "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=TOP-SECRET-KEY\r");

        ConfigException e =
                assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(Map.of(), dotEnv, null, dir));

        assertFalse(e.getMessage().contains("TOP-SECRET-KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("PRIMEHUB_FEATURE_CUSTOM_IMAGE"), e.getMessage());
    }

    private static Map<String, String> registry() {
        Map<String, String> env = new HashMap<>();
        env.put("PRIMEHUB_FEATURE_CUSTOM_IMAGE", "true");
        env.put("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT", "https://registry.example.test");
        env.put("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME", "_json_key");
        env.put("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD", PASSWORD);
        env.put("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX", "registry.example.test/my-project");
        return env;
    }
}
