package io.primehub.imagebuilder.app.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.kubernetes.client.openapi.JSON;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes the {@code ImageSpecJob} resource the controller would create, as YAML that {@code kubectl} accepts: the
 * controller's own mapping ({@link ResourceMapping#toResource(ImageSpecJob)}) serialized as the client sends it (absent
 * fields left out), so that the two cannot differ, with the metadata's name first and labels and annotations sorted.
 * Strings are plain where that is safe and quoted wherever a YAML reader would take them for a number, a boolean,
 * null or a date ({@link TextLookingQuoting}).
 */
public final class ImageSpecJobManifest {

    private static final ObjectMapper JSON_READER = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .stringQuotingChecker(new TextLookingQuoting())
            .build());
    private static final List<String> METADATA_FIRST = List.of("name", "namespace", "labels", "annotations");

    private ImageSpecJobManifest() {}

    public static String toYaml(ImageSpecJob job) {
        try {
            ObjectNode resource = (ObjectNode) JSON_READER.readTree(JSON.serialize(ResourceMapping.toResource(job)));
            ObjectNode metadata = (ObjectNode) resource.get("metadata");
            ObjectNode ordered = JSON_READER.createObjectNode();
            for (String field : METADATA_FIRST) {
                if (metadata.has(field)) {
                    ordered.set(field, sorted(metadata.get(field)));
                }
            }
            metadata.properties().forEach(field -> ordered.putIfAbsent(field.getKey(), field.getValue()));
            resource.set("metadata", ordered);
            return YAML.writeValueAsString(resource);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("the client's own JSON of a resource is JSON", e);
        }
    }

    /** An object's fields by name (labels and annotations come from hash maps); anything else as it is. */
    private static JsonNode sorted(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        TreeSet<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        ObjectNode sorted = JSON_READER.createObjectNode();
        names.forEach(name -> sorted.set(name, node.get(name)));
        return sorted;
    }
}
