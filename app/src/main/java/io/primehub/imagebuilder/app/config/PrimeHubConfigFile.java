package io.primehub.imagebuilder.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.primehub.imagebuilder.app.yaml.StrictYaml;
import io.primehub.imagebuilder.registry.RegistrySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PrimeHub's own controller configuration, read as it is: the {@code config.yaml} that PrimeHub's Helm chart renders
 * into the ConfigMap {@code <release>-controller-config} (mounted at {@code /etc/primehub-controller/}). Its
 * {@code customImage} section, a copy of the chart's {@code customImage} values, is mapped onto this project's settings;
 * every other section belongs to PrimeHub's other controllers and is not read.
 *
 * <table>
 *   <caption>customImage keys and the settings they give</caption>
 *   <tr><td>{@code enabled}</td><td>{@value RegistrySettings#FEATURE_KEY} (when absent: true once
 *       {@code pushRepoPrefix} or {@code pushRepo} is set)</td></tr>
 *   <tr><td>{@code registryEndpoint}, {@code registryUsername}, {@code registryPassword}</td><td>the registry
 *       credential (absent: the chart's push secret is used as it is)</td></tr>
 *   <tr><td>{@code pushRepoPrefix}, {@code pushRepo}, {@code pushSecretName}, {@code insecureSkipVerify}</td>
 *       <td>where and how images are pushed</td></tr>
 *   <tr><td>{@code buildJob.image.repository} and {@code .tag}</td><td>the builder image</td></tr>
 *   <tr><td>{@code buildJob.resources.requests|limits.cpu|memory}, {@code buildJob.ephemeralStorage}</td>
 *       <td>the build pod's resources</td></tr>
 * </table>
 *
 * <p>Every value is kept as written ({@code registryPassword: 0123} is {@code 0123}, not the octal 83; {@code 0x1F},
 * {@code 1e5}, {@code yes} stay themselves), and the file is read strictly: a key given twice, a second document, an
 * anchor or alias is a problem ({@link ConfigYaml}).
 *
 * <p>Values are read into the environment's key names, so the same checks apply whatever the source; a problem with a
 * value from this file is reported by its PrimeHub key ({@link #describe}). No message repeats a value of the file
 * that could be a secret.
 */
final class PrimeHubConfigFile {

    private static final Logger LOG = LoggerFactory.getLogger(PrimeHubConfigFile.class);
    private static final String SECTION = "customImage";

    /** PrimeHub key (below {@code customImage}) → this project's setting, for the keys that map one to one. */
    private static final Map<String, String> DIRECT = Map.ofEntries(
            Map.entry("enabled", RegistrySettings.FEATURE_KEY),
            Map.entry("registryEndpoint", RegistrySettings.ENDPOINT_KEY),
            Map.entry("registryUsername", RegistrySettings.USERNAME_KEY),
            Map.entry("registryPassword", RegistrySettings.PASSWORD_KEY),
            Map.entry("pushRepoPrefix", RegistrySettings.REPO_PREFIX_KEY),
            Map.entry("pushRepo", RegistrySettings.PUSH_REPO_KEY),
            Map.entry("pushSecretName", RegistrySettings.PUSH_SECRET_NAME_KEY),
            Map.entry("insecureSkipVerify", RegistrySettings.INSECURE_KEY),
            Map.entry("buildJob.resources.requests.cpu", ConfigKeys.BUILD_CPU_REQUEST),
            Map.entry("buildJob.resources.requests.memory", ConfigKeys.BUILD_MEMORY_REQUEST),
            Map.entry("buildJob.resources.limits.cpu", ConfigKeys.BUILD_CPU_LIMIT),
            Map.entry("buildJob.resources.limits.memory", ConfigKeys.BUILD_MEMORY_LIMIT),
            Map.entry("buildJob.ephemeralStorage", ConfigKeys.BUILD_EPHEMERAL_STORAGE_LIMIT));

    private static final String IMAGE_REPOSITORY = "buildJob.image.repository";
    private static final String IMAGE_TAG = "buildJob.image.tag";
    /** Sections whose leaves are read. */
    private static final Set<String> SECTIONS = Set.of(
            "buildJob",
            "buildJob.image",
            "buildJob.resources",
            "buildJob.resources.requests",
            "buildJob.resources.limits");

    private final Path file;
    /** This project's key → the PrimeHub key it was read from. */
    private final Map<String, String> origins = new LinkedHashMap<>();

    private final Map<String, String> settings = new LinkedHashMap<>();

    private PrimeHubConfigFile(Path file) {
        this.file = file;
    }

    /**
     * Reads {@code file}; its problems are added to {@code problems}, each naming the PrimeHub key (or the file's
     * place, for YAML that does not parse).
     */
    static PrimeHubConfigFile read(Path file, List<String> problems) {
        PrimeHubConfigFile config = new PrimeHubConfigFile(file);
        if (!Files.isRegularFile(file)) {
            problems.add(file + ": PrimeHub's controller configuration does not exist or is not a regular file");
            return config;
        }
        Optional<JsonNode> document = ConfigYaml.read(file, "PrimeHub's controller configuration ", problems);
        if (document.isEmpty()) {
            return config;
        }
        JsonNode root = document.get();
        if (!root.isObject()) {
            problems.add(file + ": PrimeHub's controller configuration must be a mapping with a customImage section");
            return config;
        }
        JsonNode section = root.get(SECTION);
        if (section == null || section.isNull()) {
            LOG.info("{} has no customImage section: PrimeHub's custom images are not configured there", file);
            return config;
        }
        if (!section.isObject()) {
            problems.add(config.where(SECTION) + " must be a mapping, not a " + kind(section));
            return config;
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        config.flatten(section, "", values, ignored, problems);
        config.map(values, problems);
        if (!ignored.isEmpty()) {
            LOG.info("{}: not read (this controller has no such setting): {}", file, String.join(", ", ignored));
        }
        return config;
    }

    /** The settings read, keyed by environment name. */
    Map<String, String> settings() {
        return settings;
    }

    /** Whether {@code envKey} was read from this file. */
    boolean gave(String envKey) {
        return origins.containsKey(envKey);
    }

    /** How a problem names {@code envKey} when its value came from this file: the PrimeHub key and the file. */
    String describe(String envKey) {
        return where(origins.get(envKey)) + ", read as " + envKey;
    }

    private String where(String key) {
        return (key.equals(SECTION) ? SECTION : SECTION + "." + key) + " (in " + file + ")";
    }

    private void flatten(
            JsonNode node, String prefix, Map<String, String> values, List<String> ignored, List<String> problems) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (SECTIONS.contains(key)) {
                if (!value.isObject()) {
                    problems.add(where(key) + " must be a mapping, not a " + kind(value));
                } else {
                    flatten(value, key, values, ignored, problems);
                }
            } else if (!DIRECT.containsKey(key) && !key.equals(IMAGE_REPOSITORY) && !key.equals(IMAGE_TAG)) {
                ignored.add(SECTION + "." + StrictYaml.printableKey(key));
            } else if (!value.isValueNode()) {
                problems.add(where(key) + " must be a single value, not a " + kind(value));
            } else if (!value.asText().isEmpty()) {
                values.put(key, value.asText());
            }
        }
    }

    private void map(Map<String, String> values, List<String> problems) {
        values.forEach((key, value) -> {
            String envKey = DIRECT.get(key);
            if (envKey != null) {
                put(envKey, key, value);
            }
        });
        String repository = values.get(IMAGE_REPOSITORY);
        String tag = values.get(IMAGE_TAG);
        if (repository != null) {
            put(ConfigKeys.BUILDER_IMAGE, IMAGE_REPOSITORY, tag == null ? repository : repository + ":" + tag);
        } else if (tag != null) {
            problems.add(where(IMAGE_TAG) + " is set, but " + SECTION + "." + IMAGE_REPOSITORY
                    + " is not: the builder image needs both");
        }
        if (!values.containsKey("enabled")
                && (values.containsKey("pushRepoPrefix") || values.containsKey("pushRepo"))) {
            put(RegistrySettings.FEATURE_KEY, values.containsKey("pushRepo") ? "pushRepo" : "pushRepoPrefix", "true");
        }
    }

    private void put(String envKey, String primeHubKey, String value) {
        settings.put(envKey, value);
        origins.put(envKey, primeHubKey);
    }

    private static String kind(JsonNode node) {
        return node.isArray()
                ? "list"
                : node.isObject() ? "mapping" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
