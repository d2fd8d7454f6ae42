package io.primehub.imagebuilder.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Main.run(
                args,
                new Main.CliContext(
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        env,
                        dir));
    }

    @Test
    void describesItsOptionsAndExitStatuses() {
        int status = run(Map.of(), "controller", "--help");

        String help = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status);
        assertTrue(help.contains("--config=FILE"), help);
        assertTrue(help.contains("--env-file=FILE"), help);
        assertTrue(help.contains("--install-crds"), help);
        assertTrue(help.contains("--primehub-config=FILE"), help);
        assertTrue(help.contains("4   lost the leader Lease"), help);
    }

    @Test
    void exitsWithTheConfigurationStatusNamingEveryBadKey() {
        int status = run(
                Map.of(
                        "PRIMEHUB_CUSTOM_IMAGE_BUILD_DEADLINE",
                        "soon",
                        "PRIMEHUB_CUSTOM_IMAGE_CONTROLLER_WORKERS",
                        "-1"),
                "controller");

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.INVALID_CONFIGURATION, status, message);
        assertTrue(message.contains("PRIMEHUB_CUSTOM_IMAGE_BUILD_DEADLINE: \"soon\" is not a duration"), message);
        assertTrue(message.contains("PRIMEHUB_CUSTOM_IMAGE_CONTROLLER_WORKERS: \"-1\" is out of range"), message);
    }

    @Test
    void readsTheYamlFileGivenWithConfig() throws IOException {
        Files.writeString(dir.resolve("controller.yaml"), "customImageHealthPort: not-a-port\n");

        int status = run(Map.of(), "controller", "--config", "controller.yaml");

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.INVALID_CONFIGURATION, status, message);
        assertTrue(
                message.contains("PRIMEHUB_CUSTOM_IMAGE_HEALTH_PORT: \"not-a-port\" is not a whole number"), message);
    }

    @Test
    void keepsTheRegistryPasswordOutOfItsErrors() {
        int status = run(
                Map.of(
                        "PRIMEHUB_FEATURE_CUSTOM_IMAGE",
                        "true",
                        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD",
                        "hunter2-very-secret"),
                "controller");

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.INVALID_CONFIGURATION, status, message);
        assertFalse(message.contains("hunter2-very-secret"), message);
        assertTrue(message.contains("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT"), message);
    }

    @Test
    void stopsAtStartWithStatusThreeOnAMalformedProxyOrMirrorNamingTheKeyAndNoPassword() {
        int status = run(
                Map.of(
                        "PRIMEHUB_CUSTOM_IMAGE_BUILD_HTTP_PROXY",
                                "http://builder:hunter2-very-secret@proxy.example.test:3128",
                        "PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_INDEX_URL", "pypi.example.test/simple",
                        "PRIMEHUB_CUSTOM_IMAGE_BUILD_CA_BUNDLE", "corporate-ca/"),
                "controller");

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.INVALID_CONFIGURATION, status, message);
        assertTrue(message.contains("Invalid configuration (3 problems)"), message);
        assertTrue(
                message.contains("PRIMEHUB_CUSTOM_IMAGE_BUILD_HTTP_PROXY: holds a user name or password"
                        + " (user:password@host), which is not shown"),
                message);
        assertTrue(
                message.contains("PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_INDEX_URL: \"pypi.example.test/simple\" is not an"
                        + " http:// or https:// URL"),
                message);
        assertTrue(
                message.contains("PRIMEHUB_CUSTOM_IMAGE_BUILD_CA_BUNDLE: the key \"\" is not a ConfigMap key"),
                message);
        assertFalse(message.contains("hunter2-very-secret"), message);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readsPrimeHubsConfigGivenWithPrimeHubConfigAndNamesItsKeys() throws IOException {
        Files.writeString(dir.resolve("config.yaml"), "customImage:\n  pushRepoPrefix: Not A Prefix\n");

        int status = run(Map.of(), "controller", "--primehub-config", "config.yaml");

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.INVALID_CONFIGURATION, status, message);
        assertTrue(
                message.contains("customImage.pushRepoPrefix (in " + dir.resolve("config.yaml")
                        + "), read as PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX: \"Not A Prefix\""),
                message);
    }
}
