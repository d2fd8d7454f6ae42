package io.primehub.imagebuilder.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.primehub.imagebuilder.domain.validation.Quoting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional YAML configuration file: one flat mapping whose keys are the camelCase names of
 * {@link ConfigKeys} and whose values are scalars, each kept exactly as written (a password {@code 0123} stays
 * {@code 0123}, not the octal number 83). It is read into the environment's key names, so that the
 * same rules apply whatever the source. Problems go to the given list; none repeats a value.
 */
final class YamlConfigFile {

    private YamlConfigFile() {}

    /** The settings of {@code file}, keyed by environment name; problems are added to {@code problems}. */
    static Map<String, String> read(Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(file + ": the configuration file does not exist or is not a regular file");
            return Map.of();
        }
        JsonNode root = ConfigYaml.read(file, "", problems).orElse(null);
        if (root == null || root.isNull()) {
            // Unreadable (the problem is added) or empty.
            return Map.of();
        }
        if (!root.isObject()) {
            problems.add(file + ": must be a mapping of settings (key: value), not a " + kind(root));
            return Map.of();
        }
        Map<String, String> envKeys = ConfigKeys.envKeysByYamlName();
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            String envKey = envKeys.get(name);
            if (envKey == null) {
                problems.add(file + ": unknown key " + Quoting.forMessage(name) + hint(name));
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.isValueNode()) {
                problems.add(file + ": " + name + " (" + envKey + ") must be a single value, not a " + kind(value));
                continue;
            }
            settings.put(envKey, value.asText());
        }
        return settings;
    }

    private static String hint(String name) {
        if (ConfigKeys.ALL.contains(name)) {
            return "; in YAML write it as " + ConfigKeys.yamlName(name);
        }
        return "; the keys are the camelCase names of the PRIMEHUB_ settings without PRIMEHUB_,"
                + " such as customImageBuildDeadline";
    }

    private static String kind(JsonNode node) {
        return node.isArray()
                ? "list"
                : node.isObject() ? "mapping" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
