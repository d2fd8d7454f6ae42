package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.k8s.BuildNetwork;
import io.primehub.imagebuilder.k8s.InvalidBuildNetworkException;
import io.primehub.imagebuilder.registry.ConfigSource;
import io.primehub.imagebuilder.registry.DotEnvException;
import io.primehub.imagebuilder.registry.RegistrySettings;
import io.primehub.imagebuilder.registry.RegistrySettingsException;
import io.primehub.imagebuilder.registry.SettingsRegistryCredentials;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the registry and build network settings come from: the environment, then a {@code .env} file. */
final class RegistryOptions {

    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            defaultValue = ".env",
            description =
                    "A .env file with PRIMEHUB_* settings; the environment wins over it (default: ${DEFAULT-VALUE}; "
                            + "a missing file is fine).")
    Path envFile;

    /** The push destination, or a configuration problem that says why there is none. */
    static RegistryTarget target(SettingsRegistryCredentials credentials, String purpose) {
        return credentials
                .target()
                .orElseThrow(() -> new ConfigurationProblem(purpose + " needs a configured registry: "
                        + credentials.notConfiguredReason().orElse("unknown reason")));
    }

    /** The settings; a malformed {@code .env} file, like invalid settings, is a configuration problem (exit 3). */
    RegistrySettings load(Main.CliContext context) {
        try {
            return RegistrySettings.load(source(context));
        } catch (RegistrySettingsException e) {
            throw new ConfigurationProblem(e.getMessage());
        }
    }

    /**
     * The proxies, package indexes and mirrors a build uses ({@code PRIMEHUB_CUSTOM_IMAGE_BUILD_*}, as the controller
     * reads them); invalid ones are a configuration problem (exit 3), each naming its key.
     */
    BuildNetwork buildNetwork(Main.CliContext context) {
        ConfigSource source = source(context);
        try {
            return BuildNetwork.load(key -> source.get(key).filter(value -> !value.isBlank()));
        } catch (InvalidBuildNetworkException e) {
            throw new ConfigurationProblem(
                    "invalid build network settings (" + e.problems().size() + " problem"
                            + (e.problems().size() == 1 ? "" : "s") + "):\n  " + String.join("\n  ", e.problems()));
        }
    }

    private ConfigSource source(Main.CliContext context) {
        Path file = envFile.isAbsolute() ? envFile : context.workingDirectory().resolve(envFile);
        try {
            return ConfigSource.load(context.env(), file);
        } catch (DotEnvException e) {
            throw new ConfigurationProblem(e.getMessage());
        }
    }
}
