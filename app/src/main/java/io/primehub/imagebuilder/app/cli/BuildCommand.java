package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.app.build.LocalBuild;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.planning.JobPlanner;
import io.primehub.imagebuilder.domain.validation.BuildRecipe;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import io.primehub.imagebuilder.k8s.BuildNetwork;
import io.primehub.imagebuilder.registry.RegistrySettings;
import io.primehub.imagebuilder.registry.SettingsRegistryCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Renders and builds an ImageSpec on this machine, with the build pods' own script. */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = {
            "Render and build the image of an ImageSpec manifest on this machine, tagged with its revision:",
            "with buildah and the build pods' own script when buildah is installed, else with a Docker engine.",
            "Without --push the image stays local as localhost/<name>:<revision>; with --push it is built as",
            "<repo prefix>/<name>:<revision> and pushed with the configured registry settings.",
            "Prints the image reference on success (after a push, with the pushed digest: <image>@sha256:...).",
            "Exits 1 when the build fails (the failing step is printed)."
        })
final class BuildCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    ManifestInput input;

    @Mixin
    RegistryOptions registry;

    @Option(
            names = "--pull",
            paramLabel = "POLICY",
            defaultValue = "missing",
            description = "When to pull the base image: always, missing (default: a base in local storage is used as"
                    + " it is, as docker build does) or never.")
    String pull;

    @Option(names = "--push", description = "Push the image to the configured registry.")
    boolean push;

    @Option(names = "--template", paramLabel = "FILE", description = "A Mustache template instead of the built-in one.")
    Path template;

    @Option(names = "--pip-break-system-packages", description = RenderCommand.PIP_BREAK_SYSTEM_PACKAGES)
    boolean pipBreakSystemPackages;

    @Option(
            names = "--pull-auth-file",
            paramLabel = "FILE",
            description =
                    "A Docker config JSON with credentials for a private base image (what spec.pullSecret holds in a cluster).")
    Path pullAuthFile;

    @Option(
            names = "--ca-bundle",
            paramLabel = "FILE",
            description = {
                "PEM CA certificates the build trusts besides the system's: buildah's pull and push, and apt,"
                        + " pip and conda in RUN steps (what the ConfigMap of PRIMEHUB_CUSTOM_IMAGE_BUILD_CA_BUNDLE holds in a"
                        + " cluster). Proxies, pip index, conda channels and apt mirror come from the"
                        + " PRIMEHUB_CUSTOM_IMAGE_BUILD_* settings, as the controller reads them (docs/builds.md)."
            })
    Path caBundle;

    @Override
    public Integer call() {
        ImageSpec spec = input.read(main.context.in());
        BuildRecipe recipe = ImageSpecValidator.validate(spec);
        String dockerfile =
                RenderCommand.renderer(template, pipBreakSystemPackages).render(recipe);
        String target;
        Optional<byte[]> pushAuth = Optional.empty();
        boolean insecure = false;
        if (!push) {
            target = JobPlanner.localImage(spec);
        } else {
            RegistrySettings settings = registry.load(main.context);
            SettingsRegistryCredentials credentials = new SettingsRegistryCredentials(settings);
            RegistryTarget destination = RegistryOptions.target(credentials, "--push");
            if (!credentials.managesPushSecret()) {
                throw new ConfigurationProblem("--push needs the registry credential: set "
                        + RegistrySettings.ENDPOINT_KEY + ", " + RegistrySettings.USERNAME_KEY + " and "
                        + RegistrySettings.PASSWORD_KEY);
            }
            target = JobPlanner.plan(spec, destination).pushedImage();
            pushAuth = Optional.of(credentials.dockerConfigJson());
            insecure = settings.insecure();
        }
        pullPolicy(); // an unknown policy is refused before anything else
        if (pullAuthFile != null && !Files.isReadable(pullAuthFile)) {
            throw new ConfigurationProblem("--pull-auth-file " + pullAuthFile + " cannot be read");
        }
        BuildNetwork network = buildNetwork();

        LocalBuild build = new LocalBuild(main.context.env(), main.context.err());
        LocalBuild.Engine engine = build.detectEngine()
                .orElseThrow(
                        () -> new ConfigurationProblem(
                                "neither buildah nor a Docker engine is available: install buildah (apt-get install buildah) or start Docker"));
        if (engine == LocalBuild.Engine.DOCKER && (network.configuresRunSteps() || caBundle != null)) {
            throw new ConfigurationProblem(
                    "the pip, conda, apt mirror and CA bundle settings (--ca-bundle) need buildah:"
                            + " docker build cannot mount files into RUN steps; install buildah (apt-get install buildah), or"
                            + " keep to the proxy settings");
        }
        main.context
                .err()
                .println("building " + target + " with " + engine.name().toLowerCase(java.util.Locale.ROOT));
        LocalBuild.Result result = build.build(
                engine,
                new LocalBuild.Request(
                        recipe.baseImage().toString(),
                        dockerfile,
                        target,
                        push,
                        insecure,
                        pushAuth,
                        Optional.ofNullable(pullAuthFile),
                        pullPolicy(),
                        network,
                        Optional.ofNullable(caBundle)));
        if (!result.succeeded()) {
            // The tool's own "error: <step>: <reason>" line has already been passed through as the last line;
            // say something only when the tool ended without one.
            if (result.failure().isEmpty()) {
                main.context
                        .err()
                        .println("error: the build of " + target + " failed with status " + result.exitStatus());
            }
            return ExitCodes.FAILED;
        }
        // after a push: the reference with the pushed digest (what a deployment should pin), when the tool said it
        main.context
                .out()
                .println(result.pushedDigest()
                        .map(digest -> target + "@" + digest)
                        .orElse(target));
        return ExitCodes.OK;
    }

    /**
     * The build network settings as the controller reads them, but the CA bundle: a ConfigMap in a cluster, a file
     * ({@code --ca-bundle}) here.
     */
    private BuildNetwork buildNetwork() {
        BuildNetwork network = registry.buildNetwork(main.context);
        if (caBundle != null && (!Files.isRegularFile(caBundle) || !Files.isReadable(caBundle))) {
            throw new ConfigurationProblem("--ca-bundle " + caBundle + " is not a readable file");
        }
        if (network.caBundle().isPresent() && caBundle == null) {
            throw new ConfigurationProblem(BuildNetwork.CA_BUNDLE_KEY + " names a ConfigMap ("
                    + network.caBundle().get()
                    + "), which a local build cannot read: give its certificates with --ca-bundle FILE");
        }
        return network.withCaBundle(Optional.empty());
    }

    private LocalBuild.PullPolicy pullPolicy() {
        for (LocalBuild.PullPolicy policy : LocalBuild.PullPolicy.values()) {
            if (policy.word().equals(pull)) {
                return policy;
            }
        }
        throw new picocli.CommandLine.ParameterException(
                new picocli.CommandLine(this), "--pull must be always, missing or never, not '" + pull + "'");
    }
}
