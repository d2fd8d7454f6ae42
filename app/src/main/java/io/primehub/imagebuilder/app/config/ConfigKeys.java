package io.primehub.imagebuilder.app.config;

import com.google.common.base.Splitter;
import io.primehub.imagebuilder.k8s.BuildNetwork;
import io.primehub.imagebuilder.registry.RegistrySettings;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The names of every setting. An environment variable (or {@code .env} line) is named as here; the same
 * setting in the YAML file drops the {@code PRIMEHUB_} prefix and is written in camelCase
 * ({@code PRIMEHUB_CUSTOM_IMAGE_BUILD_DEADLINE} is {@code customImageBuildDeadline}), see {@link #yamlName}.
 */
public final class ConfigKeys {

    public static final String BUILDER_IMAGE = "PRIMEHUB_CUSTOM_IMAGE_BUILDER_IMAGE";
    public static final String BUILD_CPU_REQUEST = "PRIMEHUB_CUSTOM_IMAGE_BUILD_CPU_REQUEST";
    public static final String BUILD_CPU_LIMIT = "PRIMEHUB_CUSTOM_IMAGE_BUILD_CPU_LIMIT";
    public static final String BUILD_MEMORY_REQUEST = "PRIMEHUB_CUSTOM_IMAGE_BUILD_MEMORY_REQUEST";
    public static final String BUILD_MEMORY_LIMIT = "PRIMEHUB_CUSTOM_IMAGE_BUILD_MEMORY_LIMIT";
    public static final String BUILD_EPHEMERAL_STORAGE_LIMIT = "PRIMEHUB_CUSTOM_IMAGE_BUILD_EPHEMERAL_STORAGE_LIMIT";
    public static final String BUILD_DEADLINE = "PRIMEHUB_CUSTOM_IMAGE_BUILD_DEADLINE";
    public static final String BUILD_SECURITY = "PRIMEHUB_CUSTOM_IMAGE_BUILD_SECURITY";
    public static final String BUILD_NAMESPACE = "PRIMEHUB_CUSTOM_IMAGE_BUILD_NAMESPACE";
    /** How long a finished build's pod stays (its log is kept after it). */
    public static final String POD_TTL = "PRIMEHUB_CUSTOM_IMAGE_POD_TTL";
    /** How many jobs each spec keeps (older finished ones go, with their pods and logs). */
    public static final String JOB_HISTORY = "PRIMEHUB_CUSTOM_IMAGE_JOB_HISTORY";
    /** Whether a job's first build is skipped when the registry already holds its image, built from its recipe. */
    public static final String SKIP_EXISTING = "PRIMEHUB_CUSTOM_IMAGE_SKIP_EXISTING";

    public static final String DOCKERFILE_TEMPLATE = "PRIMEHUB_CUSTOM_IMAGE_DOCKERFILE_TEMPLATE";
    /** Lets pip install over the packages of a base whose Python is externally managed (PEP 668); default false. */
    public static final String PIP_BREAK_SYSTEM_PACKAGES = "PRIMEHUB_CUSTOM_IMAGE_PIP_BREAK_SYSTEM_PACKAGES";

    public static final String WATCH_NAMESPACE = "PRIMEHUB_CUSTOM_IMAGE_WATCH_NAMESPACE";
    public static final String WORKERS = "PRIMEHUB_CUSTOM_IMAGE_CONTROLLER_WORKERS";
    public static final String INSTALL_CRDS = "PRIMEHUB_CUSTOM_IMAGE_INSTALL_CRDS";
    /** PrimeHub's own controller {@code config.yaml}, whose {@code customImage} section is read (see PrimeHubConfigFile). */
    public static final String PRIMEHUB_CONFIG = "PRIMEHUB_CUSTOM_IMAGE_PRIMEHUB_CONFIG";

    public static final String LEADER_ELECTION = "PRIMEHUB_CUSTOM_IMAGE_LEADER_ELECTION";
    public static final String LEASE_NAME = "PRIMEHUB_CUSTOM_IMAGE_LEADER_ELECTION_LEASE_NAME";
    public static final String LEASE_NAMESPACE = "PRIMEHUB_CUSTOM_IMAGE_LEADER_ELECTION_LEASE_NAMESPACE";
    public static final String LEADER_IDENTITY = "PRIMEHUB_CUSTOM_IMAGE_LEADER_ELECTION_IDENTITY";
    public static final String LEASE_DURATION = "PRIMEHUB_CUSTOM_IMAGE_LEADER_ELECTION_LEASE_DURATION";
    public static final String RENEW_DEADLINE = "PRIMEHUB_CUSTOM_IMAGE_LEADER_ELECTION_RENEW_DEADLINE";
    public static final String RETRY_PERIOD = "PRIMEHUB_CUSTOM_IMAGE_LEADER_ELECTION_RETRY_PERIOD";

    public static final String HEALTH_PORT = "PRIMEHUB_CUSTOM_IMAGE_HEALTH_PORT";
    public static final String HEALTH_ADDRESS = "PRIMEHUB_CUSTOM_IMAGE_HEALTH_ADDRESS";

    /** Read only as the fallback of the leader identity; never set in YAML. */
    public static final String HOSTNAME = "HOSTNAME";

    /** The registry's keys, owned and validated by {@link RegistrySettings}. */
    public static final List<String> REGISTRY = List.of(
            RegistrySettings.FEATURE_KEY,
            RegistrySettings.ENDPOINT_KEY,
            RegistrySettings.USERNAME_KEY,
            RegistrySettings.PASSWORD_KEY,
            RegistrySettings.REPO_PREFIX_KEY,
            RegistrySettings.PUSH_REPO_KEY,
            RegistrySettings.IMAGE_NAME_KEY,
            RegistrySettings.PUSH_SECRET_NAME_KEY,
            RegistrySettings.INSECURE_KEY,
            RegistrySettings.BUILD_CACHE_KEY);

    /** The keys whose values are secrets: never repeated in a message. */
    public static final Set<String> SECRETS = Set.of(RegistrySettings.PASSWORD_KEY);

    /**
     * How builds reach the network (proxies, pip index, conda channels, apt mirror, CA bundle), owned and validated by
     * {@link BuildNetwork}.
     */
    public static final List<String> BUILD_NETWORK = BuildNetwork.KEYS;

    /** Every key this application reads, in the order of the documentation. */
    public static final List<String> ALL = Stream.of(
                    REGISTRY.stream(),
                    Stream.of(
                            BUILDER_IMAGE,
                            BUILD_CPU_REQUEST,
                            BUILD_CPU_LIMIT,
                            BUILD_MEMORY_REQUEST,
                            BUILD_MEMORY_LIMIT,
                            BUILD_EPHEMERAL_STORAGE_LIMIT,
                            BUILD_DEADLINE,
                            BUILD_SECURITY,
                            DOCKERFILE_TEMPLATE,
                            PIP_BREAK_SYSTEM_PACKAGES),
                    BUILD_NETWORK.stream(),
                    Stream.of(
                            WATCH_NAMESPACE,
                            WORKERS,
                            BUILD_NAMESPACE,
                            POD_TTL,
                            JOB_HISTORY,
                            SKIP_EXISTING,
                            INSTALL_CRDS,
                            PRIMEHUB_CONFIG,
                            LEADER_ELECTION,
                            LEASE_NAME,
                            LEASE_NAMESPACE,
                            LEADER_IDENTITY,
                            LEASE_DURATION,
                            RENEW_DEADLINE,
                            RETRY_PERIOD,
                            HEALTH_PORT,
                            HEALTH_ADDRESS))
            .flatMap(keys -> keys)
            .toList();

    private static final String PREFIX = "PRIMEHUB_";

    private ConfigKeys() {}

    /** The YAML name of an environment key: {@code PRIMEHUB_FEATURE_CUSTOM_IMAGE} is {@code featureCustomImage}. */
    public static String yamlName(String envKey) {
        if (!envKey.startsWith(PREFIX)) {
            throw new IllegalArgumentException(envKey + " has no YAML name");
        }
        List<String> words =
                Splitter.on('_').splitToList(envKey.substring(PREFIX.length()).toLowerCase(Locale.ROOT));
        StringBuilder name = new StringBuilder(words.get(0));
        for (String word : words.subList(1, words.size())) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        }
        return name.toString();
    }

    /** The environment key of every YAML name, for reading the YAML file. */
    static java.util.Map<String, String> envKeysByYamlName() {
        return ALL.stream().collect(Collectors.toUnmodifiableMap(ConfigKeys::yamlName, key -> key));
    }
}
