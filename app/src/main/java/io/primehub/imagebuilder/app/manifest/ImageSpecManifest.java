package io.primehub.imagebuilder.app.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.primehub.imagebuilder.app.yaml.StrictYaml;
import io.primehub.imagebuilder.app.yaml.StrictYamlException;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.validation.Quoting;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an {@code ImageSpec} manifest (YAML or JSON, as {@code kubectl apply -f} takes it) into the
 * domain's raw {@link ImageSpec}. It checks the shape only (kind, apiVersion, types, unknown fields); the
 * values are the validator's business.
 *
 * <p>It is as strict as {@code kubectl}, and stricter where {@code kubectl} would guess: a key given twice, a second
 * document and YAML anchors or aliases are refused ({@link StrictYaml}). Whatever a message repeats from the input
 * (apiVersion, kind, field names, the parser's words) is escaped, so a manifest can neither forge message lines nor
 * send terminal escapes.
 */
public final class ImageSpecManifest {

    private static final String API_VERSION = CustomResources.API_VERSION;
    private static final String KIND = ImageSpecResource.KIND;

    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final Set<String> SPEC_FIELDS = Set.of("baseImage", "pullSecret", "packages", "updateTime");
    private static final Set<String> PACKAGE_FIELDS = Set.of("apt", "pip", "conda");

    private ImageSpecManifest() {}

    /**
     * Reads an {@code ImageSpec} from the manifest in {@code text}.
     *
     * @param source a name for messages, such as the file name or {@code <stdin>}
     * @throws ManifestException listing every shape problem
     */
    public static ImageSpec read(String source, String text) {
        JsonNode root;
        try {
            root = StrictYaml.read(text, StrictYaml.Scalars.TYPED);
        } catch (StrictYamlException e) {
            String where = e.notYaml() && e.line() > 0 ? " at line " + e.line() : "";
            throw new ManifestException(
                    source,
                    List.of(e.reason()
                            + where
                            + e.parserDetail().map(d -> ": " + d).orElse("")));
        }
        if (root == null || root.isNull()) {
            throw new ManifestException(source, List.of("is empty; expected an ImageSpec manifest"));
        }
        List<String> problems = new ArrayList<>();
        if (!root.isObject()) {
            throw new ManifestException(source, List.of("is not a mapping; expected an ImageSpec manifest"));
        }
        unknownFields(root, TOP_LEVEL, "", problems);
        expectText(root, "apiVersion", "apiVersion", problems, API_VERSION);
        expectText(root, "kind", "kind", problems, KIND);

        JsonNode metadata = root.path("metadata");
        String name = "";
        String namespace = "";
        if (!metadata.isObject()) {
            problems.add("metadata: is required and must be a mapping with a name");
        } else {
            name = text(metadata, "name", "metadata.name", problems, true);
            namespace = text(metadata, "namespace", "metadata.namespace", problems, false);
        }

        JsonNode spec = root.path("spec");
        String baseImage = "";
        String pullSecret = "";
        String updateTime = "";
        Packages packages = Packages.NONE;
        if (!spec.isObject()) {
            problems.add("spec: is required and must be a mapping");
        } else {
            unknownFields(spec, SPEC_FIELDS, "spec.", problems);
            baseImage = text(spec, "baseImage", "spec.baseImage", problems, true);
            pullSecret = text(spec, "pullSecret", "spec.pullSecret", problems, false);
            updateTime = text(spec, "updateTime", "spec.updateTime", problems, false);
            packages = packages(spec.path("packages"), problems);
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(source, problems);
        }
        return new ImageSpec(namespace, name, baseImage, pullSecret, packages, updateTime);
    }

    private static Packages packages(JsonNode node, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return Packages.NONE;
        }
        if (!node.isObject()) {
            problems.add("spec.packages: must be a mapping with apt, pip and conda lists");
            return Packages.NONE;
        }
        unknownFields(node, PACKAGE_FIELDS, "spec.packages.", problems);
        return new Packages(list(node, "apt", problems), list(node, "pip", problems), list(node, "conda", problems));
    }

    private static List<String> list(JsonNode packages, String field, List<String> problems) {
        JsonNode node = packages.path(field);
        String path = "spec.packages." + field;
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(path + ": must be a list of strings");
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isTextual()) {
                items.add(item.textValue());
            } else {
                problems.add(path + "[" + i + "]: must be a string, not " + describe(item));
            }
        }
        return items;
    }

    private static void expectText(JsonNode node, String field, String path, List<String> problems, String expected) {
        String value = text(node, field, path, problems, true);
        if (!value.isEmpty() && !value.equals(expected)) {
            problems.add(path + ": must be \"" + expected + "\", not " + Quoting.forMessage(value));
        }
    }

    private static String text(JsonNode node, String field, String path, List<String> problems, boolean required) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                problems.add(path + ": is required");
            }
            return "";
        }
        if (!value.isTextual()) {
            problems.add(path + ": must be a string, not " + describe(value));
            return "";
        }
        return value.textValue();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix, List<String> problems) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String field = entry.getKey();
            if (!known.contains(field)) {
                problems.add(prefix + StrictYaml.printableKey(field) + ": is not a field of "
                        + (prefix.isEmpty() ? "an ImageSpec" : prefix.substring(0, prefix.length() - 1)));
            }
        }
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
