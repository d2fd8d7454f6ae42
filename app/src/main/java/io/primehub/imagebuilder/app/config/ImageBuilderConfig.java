package io.primehub.imagebuilder.app.config;

import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.k8s.ControllerOptions;
import io.primehub.imagebuilder.registry.RegistrySettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration of the image builder, built once at start by {@link #load} and validated as a
 * whole. Its {@link #toString()} shows no secret: the registry password is a
 * {@link io.primehub.imagebuilder.registry.Secret}.
 *
 * @param registry           where images are pushed and with which credential
 * @param buildPods          the builder image, the resources and deadline of each build pod, and the proxies, mirrors
 *                           and CA bundle its build reaches the network with
 * @param controller         which namespaces are watched, with how many workers
 * @param leaderElection     how replicas agree on the one that acts
 * @param health             where {@code /healthz} and {@code /readyz} are served
 * @param installCrds        whether the standalone controller creates or updates the CRDs at start
 * @param dockerfileTemplate a Mustache template that replaces the built-in Dockerfile template
 * @param pipBreakSystemPackages whether pip may install over the packages of a base whose Python is externally
 *                           managed (PEP 668): the Dockerfile template's {@code pipBreakSystemPackages}
 */
public record ImageBuilderConfig(
        RegistrySettings registry,
        BuildPodSettings buildPods,
        ControllerOptions controller,
        LeaderElectionSettings leaderElection,
        HealthSettings health,
        boolean installCrds,
        Optional<Path> dockerfileTemplate,
        boolean pipBreakSystemPackages) {

    public ImageBuilderConfig {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(buildPods, "buildPods");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(leaderElection, "leaderElection");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(dockerfileTemplate, "dockerfileTemplate");
    }

    /** The configuration with pip kept from an externally managed Python's packages, as before that setting existed. */
    public ImageBuilderConfig(
            RegistrySettings registry,
            BuildPodSettings buildPods,
            ControllerOptions controller,
            LeaderElectionSettings leaderElection,
            HealthSettings health,
            boolean installCrds,
            Optional<Path> dockerfileTemplate) {
        this(registry, buildPods, controller, leaderElection, health, installCrds, dockerfileTemplate, false);
    }

    /**
     * Reads the configuration: the environment wins over the {@code .env} file, which wins over the YAML file, which
     * wins over PrimeHub's controller configuration when {@value ConfigKeys#PRIMEHUB_CONFIG} names one, which wins
     * over the defaults.
     *
     * @param environment      the process environment
     * @param dotEnvOrNull     a {@code .env} file; a missing one is the same as an empty one
     * @param yamlOrNull       a YAML file given on purpose: it must exist
     * @param workingDirectory against which relative paths in settings are resolved
     * @throws ConfigException listing every problem, each naming its key
     */
    public static ImageBuilderConfig load(
            Map<String, String> environment, Path dotEnvOrNull, Path yamlOrNull, Path workingDirectory) {
        return load(environment, dotEnvOrNull, yamlOrNull, null, workingDirectory);
    }

    /**
     * Reads the configuration as {@link #load(Map, Path, Path, Path)} does, and below every other source PrimeHub's
     * own controller {@code config.yaml} ({@code customImage.*}): given here, or named by
     * {@value ConfigKeys#PRIMEHUB_CONFIG}.
     *
     * @param primeHubConfigOrNull PrimeHub's controller configuration, given on purpose: it must exist
     */
    public static ImageBuilderConfig load(
            Map<String, String> environment,
            Path dotEnvOrNull,
            Path yamlOrNull,
            Path primeHubConfigOrNull,
            Path workingDirectory) {
        return new ConfigLoader(environment, dotEnvOrNull, yamlOrNull, primeHubConfigOrNull, workingDirectory).load();
    }

    /** The configuration from the environment variables alone, as an embedding service may build it. */
    public static ImageBuilderConfig fromEnvironment(Map<String, String> environment) {
        return load(environment, null, null, Path.of("").toAbsolutePath());
    }

    /**
     * The configuration of a dry run ({@code controller --dry-run}): it takes no Lease (it writes nothing, so there is
     * nothing to guard, and it must not stand in the way of the replica that acts) and installs no CRD.
     */
    public ImageBuilderConfig forDryRun() {
        LeaderElectionSettings none = new LeaderElectionSettings(
                false,
                leaderElection.leaseName(),
                leaderElection.leaseNamespace(),
                leaderElection.identity(),
                leaderElection.leaseDuration(),
                leaderElection.renewDeadline(),
                leaderElection.retryPeriod());
        return new ImageBuilderConfig(
                registry, buildPods, controller, none, health, false, dockerfileTemplate, pipBreakSystemPackages);
    }

    public ImageBuilderConfig withInstallCrds(boolean install) {
        return new ImageBuilderConfig(
                registry,
                buildPods,
                controller,
                leaderElection,
                health,
                install,
                dockerfileTemplate,
                pipBreakSystemPackages);
    }
}
