package io.primehub.imagebuilder.registry;

import static io.primehub.imagebuilder.registry.RegistrySettings.FEATURE_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.PASSWORD_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.PUSH_SECRET_NAME_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.REPO_PREFIX_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.RegistryTarget;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsRegistryCredentialsTest {

    @Test
    void configuredSettingsGiveTargetAndDockerConfig() {
        Map<String, String> env = RegistrySettingsTest.validLocalRegistry();
        env.put(PUSH_SECRET_NAME_KEY, "push-creds");
        SettingsRegistryCredentials credentials =
                new SettingsRegistryCredentials(RegistrySettings.load(ConfigSource.of(env)));

        assertEquals(Optional.of(new RegistryTarget("127.0.0.1:5000/team", "push-creds")), credentials.target());
        assertEquals(Optional.empty(), credentials.notConfiguredReason());
        DockerAuth auth =
                DockerConfigJson.parse(credentials.dockerConfigJson()).auths().get("127.0.0.1:5000");
        assertEquals(new DockerAuth("builder", Secret.of("s3cr3t-Pa55word")), auth);
    }

    @Test
    void dockerHubCredentialIsWrittenUnderTheLegacyKey() {
        Map<String, String> env = RegistrySettingsTest.validLocalRegistry();
        env.put(RegistrySettings.ENDPOINT_KEY, "docker.io");
        env.put(REPO_PREFIX_KEY, "myteam");
        SettingsRegistryCredentials credentials = SettingsRegistryCredentials.load(ConfigSource.of(env));
        assertEquals(
                java.util.Set.of("https://index.docker.io/v1/"),
                DockerConfigJson.parse(credentials.dockerConfigJson()).auths().keySet());
    }

    @Test
    void featureOffIsNotConfiguredAndSaysWhy() {
        SettingsRegistryCredentials credentials = new SettingsRegistryCredentials(RegistrySettings.disabled());
        assertEquals(Optional.empty(), credentials.target());
        assertEquals(Optional.of("PRIMEHUB_FEATURE_CUSTOM_IMAGE is not true"), credentials.notConfiguredReason());
        IllegalStateException e = assertThrows(IllegalStateException.class, credentials::dockerConfigJson);
        assertEquals("no push credential: PRIMEHUB_FEATURE_CUSTOM_IMAGE is not true", e.getMessage());
    }

    @Test
    void invalidSettingsAreNotConfiguredAndNameTheMissingKeys() {
        SettingsRegistryCredentials credentials =
                SettingsRegistryCredentials.load(ConfigSource.of(Map.of(FEATURE_KEY, "true", PASSWORD_KEY, "hunter2")));
        assertEquals(Optional.empty(), credentials.target());
        String reason = credentials.notConfiguredReason().orElseThrow();
        assertTrue(reason.startsWith("the custom image registry settings are invalid: "), reason);
        assertTrue(reason.contains("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT is required"), reason);
        assertTrue(reason.contains("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME is required"), reason);
        assertTrue(reason.contains("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX is required"), reason);
        assertFalse(reason.contains("hunter2"), reason);
        assertThrows(IllegalStateException.class, credentials::dockerConfigJson);
    }
}
