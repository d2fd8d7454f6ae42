package io.primehub.imagebuilder.registry;

import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.port.RegistryCredentials;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RegistryCredentials} port served from {@link RegistrySettings}. It can also stand for settings
 * that failed to load ({@link #misconfigured}), so that a controller that chooses to run on reports the
 * reason on each spec instead of stopping.
 */
public final class SettingsRegistryCredentials implements RegistryCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsRegistryCredentials.class);

    private final RegistrySettings settings;
    private final String notConfiguredReason;

    public SettingsRegistryCredentials(RegistrySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.notConfiguredReason = settings.isConfigured() ? null : RegistrySettings.FEATURE_KEY + " is not true";
    }

    private SettingsRegistryCredentials(RegistrySettingsException problems) {
        this.settings = RegistrySettings.disabled();
        this.notConfiguredReason =
                "the custom image registry settings are invalid: " + String.join("; ", problems.problems());
    }

    /** Credentials that push nowhere, for settings that failed to load; the reason lists their problems. */
    public static SettingsRegistryCredentials misconfigured(RegistrySettingsException problems) {
        return new SettingsRegistryCredentials(Objects.requireNonNull(problems, "problems"));
    }

    /** Loads the settings; settings with problems give credentials that are not configured, and say why. */
    public static SettingsRegistryCredentials load(ConfigSource source) {
        try {
            return new SettingsRegistryCredentials(RegistrySettings.load(source));
        } catch (RegistrySettingsException e) {
            return misconfigured(e);
        }
    }

    public RegistrySettings settings() {
        return settings;
    }

    @Override
    public Optional<RegistryTarget> target() {
        return settings.target();
    }

    @Override
    public Optional<String> notConfiguredReason() {
        return Optional.ofNullable(notConfiguredReason);
    }

    @Override
    public boolean managesPushSecret() {
        return notConfiguredReason == null && settings.managesPushSecret();
    }

    @Override
    public byte[] dockerConfigJson() {
        if (notConfiguredReason != null) {
            throw new IllegalStateException("no push credential: " + notConfiguredReason);
        }
        if (!settings.managesPushSecret()) {
            throw new IllegalStateException("no push credential is configured: the push secret "
                    + settings.pushSecretName() + " is used as it is");
        }
        LOG.debug("Writing the push credential for {} as {}", settings.registryHost(), settings.username());
        return DockerConfigJson.forCredentials(settings.registryHost(), settings.username(), settings.password());
    }

    @Override
    public String toString() {
        return "SettingsRegistryCredentials[" + (notConfiguredReason == null ? settings : notConfiguredReason) + "]";
    }

    @Override
    public List<String> secretValues() {
        if (settings.password().isEmpty()) {
            return List.of();
        }
        String password = settings.password().reveal();
        String auth = java.util.Base64.getEncoder()
                .encodeToString(
                        (settings.username() + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // a JSON key is also written with its quotes and slashes escaped, as a docker config JSON holds it
        String escaped = password.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/");
        return java.util.stream.Stream.of(password, auth, escaped)
                .filter(text -> text.length() >= 4)
                .distinct()
                .toList();
    }
}
