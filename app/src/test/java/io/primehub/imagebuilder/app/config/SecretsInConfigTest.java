package io.primehub.imagebuilder.app.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        Path file = Files.writeString(dir.resolve("config.yaml"),
                "customImageRegistryPassword: \"TOP-SECRET-KEY\n" + "customImageRegistryUsername: [x\n");

        ConfigException e = assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(Map.of(), null, file, dir));

        assertFalse(e.getMessage().contains("TOP-SECRET-KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("is not valid YAML"), e.getMessage());
    }

    @Test
    void keepsThePasswordOutOfANestedPasswordProblem() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"),
                "customImageRegistryPassword:\n  key: TOP-SECRET-KEY\n");

        ConfigException e = assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(Map.of(), null, file, dir));

        assertFalse(e.getMessage().contains("TOP-SECRET-KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("customImageRegistryPassword"), e.getMessage());
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
