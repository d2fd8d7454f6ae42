package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.app.manifest.ImageSpecJobManifest;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.planning.JobPlanner;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import io.primehub.imagebuilder.registry.SettingsRegistryCredentials;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Prints the ImageSpecJob the controller would create for a manifest under the current settings. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Print, as YAML, the ImageSpecJob that the controller would create for an ImageSpec manifest",
            "under the current registry settings (PRIMEHUB_CUSTOM_IMAGE_* from the environment and .env).",
            "Exits 2 on an invalid manifest and 3 when the registry is not configured."
        })
final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    ManifestInput input;

    @Mixin
    RegistryOptions registry;

    @Override
    public Integer call() {
        ImageSpec spec = input.read(main.context.in());
        // Validate the spec before reading the settings, so that a bad manifest is reported (exit 2) even when the
        // registry is missing or misconfigured too.
        ImageSpecValidator.validate(spec);
        SettingsRegistryCredentials credentials = new SettingsRegistryCredentials(registry.load(main.context));
        RegistryTarget target = RegistryOptions.target(credentials, "plan");
        main.context.out().print(ImageSpecJobManifest.toYaml(JobPlanner.plan(spec, target)));
        main.context.out().flush();
        return ExitCodes.OK;
    }
}
