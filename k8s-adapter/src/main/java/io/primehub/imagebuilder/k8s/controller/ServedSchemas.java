package io.primehub.imagebuilder.k8s.controller;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1APIResourceList;
import io.primehub.imagebuilder.domain.reconcile.StatusFields;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which status fields the CRDs that the cluster serves keep: this project's (conditions, observedGeneration) or
 * PrimeHub's own (neither). Read once at start from the API server's OpenAPI v3 document of
 * {@code primehub.io/v1alpha1}, which every authenticated user may read ({@code system:discovery}), so the controller
 * needs no extra permission and compares, from its first decision on, only what the cluster keeps. When the document
 * cannot be read, the {@link StatusWriter} learns it from its first write instead.
 */
final class ServedSchemas {

    private static final Logger LOG = LoggerFactory.getLogger(ServedSchemas.class);
    static final String PATH = "/openapi/v3/apis/" + CustomResources.GROUP + "/" + CustomResources.VERSION;

    private ServedSchemas() {}

    /** By plural, what each served kind keeps; empty when the document cannot be read. */
    static Map<String, StatusFields> read(ApiClient client) {
        try {
            Call call = client.buildCall(
                    client.getBasePath(),
                    PATH,
                    "GET",
                    new ArrayList<>(),
                    new ArrayList<>(),
                    null,
                    new HashMap<>(Map.of("Accept", "application/json")),
                    new HashMap<>(),
                    new HashMap<>(),
                    new String[] {"BearerToken"},
                    null);
            JsonObject document =
                    client.<JsonObject>execute(call, JsonObject.class).getData();
            Map<String, StatusFields> kept = of(document);
            kept.forEach((plural, fields) -> LOG.info(
                    "served schema of {}: {}",
                    plural,
                    switch (fields) {
                        case ALL -> "keeps status.conditions and imageDigest";
                        case WITHOUT_DIGEST ->
                            "keeps status.conditions but no imageDigest (an earlier CRD of this project;"
                                    + " apply deploy/crds to keep digests)";
                        case PRIMEHUB ->
                            "keeps no status.conditions (PrimeHub's CRD); comparing only the fields it keeps";
                    }));
            return kept;
        } catch (ApiException | RuntimeException e) {
            LOG.info(
                    "cannot read {} ({}); the status schema is learned from the first write",
                    PATH,
                    e instanceof ApiException api ? "HTTP " + api.getCode() : e.toString());
            return Map.of();
        }
    }

    /**
     * Whether the cluster serves {@code images.primehub.io}: PrimeHub's console builds through them, and a cluster
     * without PrimeHub may have only the ImageSpec CRDs. Read from discovery, which every authenticated user may read.
     *
     * @return empty when discovery could not answer (the caller asks again)
     */
    static Optional<Boolean> servesImages(ApiClient client) {
        try {
            V1APIResourceList resources = new CustomObjectsApi(client)
                    .getAPIResources(CustomResources.GROUP, CustomResources.VERSION)
                    .execute();
            return Optional.of(resources.getResources().stream()
                    .anyMatch(resource -> CustomResources.IMAGES.equals(resource.getName())));
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.of(false);
            }
            LOG.warn(
                    "cannot read which {}/{} resources are served (HTTP {}); asking again",
                    CustomResources.GROUP,
                    CustomResources.VERSION,
                    e.getCode());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot read which {}/{} resources are served ({}); asking again",
                    CustomResources.GROUP,
                    CustomResources.VERSION,
                    e.toString());
            return Optional.empty();
        }
    }

    /** What the kinds of an OpenAPI v3 document keep. */
    static Map<String, StatusFields> of(JsonObject document) {
        Map<String, StatusFields> kept = new HashMap<>();
        JsonObject schemas = object(object(document, "components"), "schemas");
        if (schemas == null) {
            return kept;
        }
        for (Map.Entry<String, JsonElement> entry : schemas.entrySet()) {
            if (!entry.getValue().isJsonObject()) {
                continue;
            }
            JsonObject schema = entry.getValue().getAsJsonObject();
            String plural = pluralOf(kindOf(schema));
            if (plural == null) {
                continue;
            }
            JsonObject statusProperties = object(object(object(schema, "properties"), "status"), "properties");
            boolean conditions = statusProperties != null && statusProperties.has("conditions");
            // an ImageSpec's and a job's status.imageDigest; an Image's status.jobCondition.imageDigest
            JsonObject jobCondition = object(object(statusProperties, "jobCondition"), "properties");
            boolean digest = (statusProperties != null && statusProperties.has("imageDigest"))
                    || (jobCondition != null && jobCondition.has("imageDigest"));
            kept.put(plural, StatusFields.keeping(conditions, digest));
        }
        return kept;
    }

    private static String kindOf(JsonObject schema) {
        JsonElement gvks = schema.get("x-kubernetes-group-version-kind");
        if (gvks == null || !gvks.isJsonArray()) {
            return null;
        }
        List<String> kinds = new ArrayList<>();
        for (JsonElement gvk : gvks.getAsJsonArray()) {
            if (gvk.isJsonObject()
                    && gvk.getAsJsonObject().has("kind")
                    && CustomResources.GROUP.equals(text(gvk.getAsJsonObject(), "group"))) {
                kinds.add(text(gvk.getAsJsonObject(), "kind"));
            }
        }
        return kinds.size() == 1 ? kinds.get(0) : null;
    }

    private static String pluralOf(String kind) {
        if (ImageSpecResource.KIND.equals(kind)) {
            return CustomResources.IMAGE_SPECS;
        }
        if (ImageSpecJobResource.KIND.equals(kind)) {
            return CustomResources.IMAGE_SPEC_JOBS;
        }
        if (ImageResource.KIND.equals(kind)) {
            return CustomResources.IMAGES;
        }
        return null;
    }

    private static JsonObject object(JsonObject parent, String name) {
        if (parent == null) {
            return null;
        }
        JsonElement child = parent.get(name);
        return child != null && child.isJsonObject() ? child.getAsJsonObject() : null;
    }

    private static String text(JsonObject object, String name) {
        JsonElement value = object.get(name);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }
}
