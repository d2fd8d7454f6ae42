package io.primehub.imagebuilder.app.config;

import io.primehub.imagebuilder.domain.model.ImageReference;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.reconcile.JobHistory;
import io.primehub.imagebuilder.k8s.BuildNetwork;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.k8s.BuildSecurity;
import io.primehub.imagebuilder.k8s.ControllerOptions;
import io.primehub.imagebuilder.k8s.InvalidBuildNetworkException;
import io.primehub.imagebuilder.registry.ConfigSource;
import io.primehub.imagebuilder.registry.DotEnvException;
import io.primehub.imagebuilder.registry.RegistrySettings;
import io.primehub.imagebuilder.registry.RegistrySettingsException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Layers the sources, then reads and checks every setting, collecting all problems before failing. */
final class ConfigLoader {

    static final int MAX_WORKERS = 64;
    static final int MAX_JOB_HISTORY = 1000;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final Map<String, String> environment;
    private final Path dotEnv;
    private final Path yaml;
    private final Path primeHubConfig;
    private final Path workingDirectory;
    private final List<String> problems = new ArrayList<>();
    private PrimeHubConfigFile primeHub;

    ConfigLoader(Map<String, String> environment, Path dotEnv, Path yaml, Path primeHubConfig, Path workingDirectory) {
        this.environment = Map.copyOf(environment);
        this.dotEnv = dotEnv == null ? null : workingDirectory.resolve(dotEnv);
        this.yaml = yaml == null ? null : workingDirectory.resolve(yaml);
        this.primeHubConfig = primeHubConfig == null ? null : workingDirectory.resolve(primeHubConfig);
        this.workingDirectory = workingDirectory;
    }

    ImageBuilderConfig load() {
        Map<String, String> resolved = resolve();
        SettingValues values = new SettingValues(resolved, problems);

        RegistrySettings registry = registry(resolved);
        BuildPodSettings buildPods = buildPods(values, registry);
        ControllerOptions options = controller(values);
        LeaderElectionSettings leaderElection = leaderElection(values);
        // The replica's events name it as its Lease does.
        ControllerOptions controller = options.withIdentity(leaderElection.identity());
        HealthSettings health = health(values);
        boolean installCrds = values.bool(ConfigKeys.INSTALL_CRDS, false);
        Optional<Path> template = template(values);
        boolean pipBreakSystemPackages = values.bool(ConfigKeys.PIP_BREAK_SYSTEM_PACKAGES, false);

        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().map(this::namedBySource).toList());
        }
        return new ImageBuilderConfig(
                registry, buildPods, controller, leaderElection, health, installCrds, template, pipBreakSystemPackages);
    }

    /** Every known key's value after precedence: env, then .env, then YAML. */
    private Map<String, String> resolve() {
        Map<String, String> resolved = new HashMap<>();
        if (yaml != null) {
            resolved.putAll(YamlConfigFile.read(yaml, problems));
        }
        ConfigSource source;
        try {
            source = ConfigSource.load(environment, dotEnv);
        } catch (DotEnvException e) {
            problems.add(e.getMessage());
            source = ConfigSource.of(environment);
        }
        for (String key : ConfigKeys.ALL) {
            source.get(key).ifPresent(value -> resolved.put(key, value));
        }
        source.get(ConfigKeys.HOSTNAME).ifPresent(value -> resolved.put(ConfigKeys.HOSTNAME, value));
        Path primeHubFile = primeHubConfig != null
                ? primeHubConfig
                : resolved.containsKey(ConfigKeys.PRIMEHUB_CONFIG)
                        ? workingDirectory.resolve(resolved.get(ConfigKeys.PRIMEHUB_CONFIG))
                        : null;
        if (primeHubFile != null) {
            primeHub = PrimeHubConfigFile.read(primeHubFile, problems);
            // Below every other source: a setting given here or in the YAML file wins.
            primeHub.settings().forEach(resolved::putIfAbsent);
        }
        return resolved;
    }

    /** A problem as it names its key: by the PrimeHub key when the value came from PrimeHub's configuration. */
    private String namedBySource(String problem) {
        if (primeHub == null) {
            return problem;
        }
        String named = problem;
        for (String key : ConfigKeys.ALL) {
            if (primeHub.gave(key) && named.contains(key)) {
                named = named.replaceAll(
                        "\\b" + key + "\\b", java.util.regex.Matcher.quoteReplacement(primeHub.describe(key)));
            }
        }
        return named;
    }

    private RegistrySettings registry(Map<String, String> resolved) {
        Map<String, String> registryKeys = new HashMap<>();
        for (String key : ConfigKeys.REGISTRY) {
            if (resolved.containsKey(key)) {
                registryKeys.put(key, resolved.get(key));
            }
        }
        try {
            return RegistrySettings.load(ConfigSource.of(registryKeys));
        } catch (RegistrySettingsException e) {
            problems.addAll(e.problems());
            return RegistrySettings.disabled();
        }
    }

    private BuildPodSettings buildPods(SettingValues values, RegistrySettings registry) {
        BuildPodSettings defaults = BuildPodSettings.defaults();
        String builderImage = values.text(ConfigKeys.BUILDER_IMAGE, defaults.builderImage());
        ImageReference.problem(builderImage)
                .ifPresent(
                        problem -> values.problem(ConfigKeys.BUILDER_IMAGE + ": \"" + builderImage + "\" " + problem));
        String cpuRequest = values.quantity(ConfigKeys.BUILD_CPU_REQUEST, defaults.cpuRequest());
        String cpuLimit = values.quantity(ConfigKeys.BUILD_CPU_LIMIT, defaults.cpuLimit());
        String memoryRequest = values.quantity(ConfigKeys.BUILD_MEMORY_REQUEST, defaults.memoryRequest());
        String memoryLimit = values.quantity(ConfigKeys.BUILD_MEMORY_LIMIT, defaults.memoryLimit());
        String storageLimit =
                values.quantity(ConfigKeys.BUILD_EPHEMERAL_STORAGE_LIMIT, defaults.ephemeralStorageLimit());
        Duration deadline = values.duration(ConfigKeys.BUILD_DEADLINE, defaults.deadline());
        if (deadline.toSeconds() < 1) {
            values.problem(ConfigKeys.BUILD_DEADLINE + ": \"" + deadline + "\" is shorter than one second");
            deadline = defaults.deadline();
        }
        String securityText = values.text(ConfigKeys.BUILD_SECURITY, BuildSecurity.PRIVILEGED.wireName());
        BuildSecurity security = BuildSecurity.fromWire(securityText).orElseGet(() -> {
            values.problem(ConfigKeys.BUILD_SECURITY + ": \"" + securityText + "\" is neither privileged nor"
                    + " capabilities (see docs/builds.md, Trust model)");
            return BuildSecurity.PRIVILEGED;
        });
        requestWithinLimit(ConfigKeys.BUILD_CPU_REQUEST, cpuRequest, ConfigKeys.BUILD_CPU_LIMIT, cpuLimit);
        requestWithinLimit(ConfigKeys.BUILD_MEMORY_REQUEST, memoryRequest, ConfigKeys.BUILD_MEMORY_LIMIT, memoryLimit);
        return new BuildPodSettings(
                builderImage,
                cpuRequest,
                memoryRequest,
                cpuLimit,
                memoryLimit,
                storageLimit,
                deadline,
                registry.insecure(),
                security,
                buildNetwork(values));
    }

    /** Proxies, mirrors and the CA bundle; a problem names its key and never shows a value that may hold a password. */
    private static BuildNetwork buildNetwork(SettingValues values) {
        try {
            return BuildNetwork.load(values::text);
        } catch (InvalidBuildNetworkException e) {
            e.problems().forEach(values::problem);
            return BuildNetwork.none();
        }
    }

    private void requestWithinLimit(String requestKey, String request, String limitKey, String limit) {
        if (request == null || limit == null || request.isEmpty() || limit.isEmpty()) {
            return;
        }
        try {
            BigDecimal requested = SettingValues.parseQuantity(request);
            BigDecimal limited = SettingValues.parseQuantity(limit);
            if (requested.compareTo(limited) > 0) {
                problems.add(requestKey + ": \"" + request + "\" is more than " + limitKey + " \"" + limit
                        + "\"; Kubernetes refuses a pod whose request exceeds its limit");
            }
        } catch (IllegalArgumentException alreadyReported) {
            // The bad quantity has its own problem.
        }
    }

    private ControllerOptions controller(SettingValues values) {
        ControllerOptions defaults = ControllerOptions.defaults();
        String namespace = values.text(ConfigKeys.WATCH_NAMESPACE, defaults.namespace());
        if (!namespace.isEmpty() && !DNS_LABEL.matcher(namespace).matches()) {
            values.problem(
                    ConfigKeys.WATCH_NAMESPACE + ": \"" + namespace
                            + "\" is not a namespace name (lower-case letters, digits and '-', at most 63); leave it empty to watch all");
        }
        int workers = values.integer(ConfigKeys.WORKERS, defaults.workers(), 1, MAX_WORKERS);
        String buildNamespace = values.text(ConfigKeys.BUILD_NAMESPACE, "");
        if (!buildNamespace.isEmpty() && !DNS_LABEL.matcher(buildNamespace).matches()) {
            values.problem(ConfigKeys.BUILD_NAMESPACE + ": \"" + buildNamespace
                    + "\" is not a namespace name (lower-case letters, digits and '-', at most 63); leave it empty to"
                    + " run each build pod beside its job");
        }
        Duration podTtl = values.duration(ConfigKeys.POD_TTL, ControllerOptions.DEFAULT_POD_TTL);
        int jobHistory = values.integer(ConfigKeys.JOB_HISTORY, JobHistory.DEFAULT_KEEP, 1, MAX_JOB_HISTORY);
        boolean skipExisting = values.bool(ConfigKeys.SKIP_EXISTING, true);
        return new ControllerOptions(namespace, workers, buildNamespace, podTtl, jobHistory, skipExisting, "");
    }

    private LeaderElectionSettings leaderElection(SettingValues values) {
        boolean enabled = values.bool(ConfigKeys.LEADER_ELECTION, true);
        String leaseName = values.text(ConfigKeys.LEASE_NAME, LeaderElectionSettings.DEFAULT_LEASE_NAME);
        if (!ObjectNames.isValidSubdomain(leaseName)) {
            values.problem(ConfigKeys.LEASE_NAME + ": \"" + leaseName + "\" is not a valid Kubernetes object name");
        }
        String leaseNamespace = values.text(ConfigKeys.LEASE_NAMESPACE, LeaderElectionSettings.DEFAULT_LEASE_NAMESPACE);
        if (!DNS_LABEL.matcher(leaseNamespace).matches()) {
            values.problem(ConfigKeys.LEASE_NAMESPACE + ": \"" + leaseNamespace + "\" is not a namespace name");
        }
        // A suffix per process: a restarted pod keeps its host name but must not believe it still holds the Lease.
        String identity = values.text(ConfigKeys.LEADER_IDENTITY)
                .orElseGet(() -> values.text(ConfigKeys.HOSTNAME, "image-builder") + "_"
                        + UUID.randomUUID().toString().substring(0, 8));
        Duration lease = values.duration(ConfigKeys.LEASE_DURATION, LeaderElectionSettings.DEFAULT_LEASE_DURATION);
        Duration renew = values.duration(ConfigKeys.RENEW_DEADLINE, LeaderElectionSettings.DEFAULT_RENEW_DEADLINE);
        Duration retry = values.duration(ConfigKeys.RETRY_PERIOD, LeaderElectionSettings.DEFAULT_RETRY_PERIOD);
        if (lease.compareTo(renew) <= 0 || renew.compareTo(retry) <= 0) {
            values.problem(ConfigKeys.LEASE_DURATION + " (" + lease + ") must be longer than "
                    + ConfigKeys.RENEW_DEADLINE + " (" + renew + "), which must be longer than "
                    + ConfigKeys.RETRY_PERIOD + " (" + retry + ")");
            return LeaderElectionSettings.enabled(
                    LeaderElectionSettings.DEFAULT_LEASE_NAME,
                    LeaderElectionSettings.DEFAULT_LEASE_NAMESPACE,
                    identity);
        }
        return new LeaderElectionSettings(enabled, leaseName, leaseNamespace, identity, lease, renew, retry);
    }

    private HealthSettings health(SettingValues values) {
        int port = values.integer(ConfigKeys.HEALTH_PORT, HealthSettings.DEFAULT_PORT, 0, 65535);
        String address = values.text(ConfigKeys.HEALTH_ADDRESS, HealthSettings.DEFAULT_BIND_ADDRESS);
        return new HealthSettings(address, port);
    }

    private Optional<Path> template(SettingValues values) {
        Optional<String> text = values.text(ConfigKeys.DOCKERFILE_TEMPLATE);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Path file = workingDirectory.resolve(text.get());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            values.problem(ConfigKeys.DOCKERFILE_TEMPLATE + ": \"" + text.get()
                    + "\" is not a readable file (resolved to " + file + ")");
        }
        return Optional.of(file);
    }
}
