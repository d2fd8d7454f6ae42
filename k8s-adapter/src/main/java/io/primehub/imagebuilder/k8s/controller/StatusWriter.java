package io.primehub.imagebuilder.k8s.controller;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.PatchUtils;
import io.primehub.imagebuilder.domain.reconcile.Condition;
import io.primehub.imagebuilder.domain.reconcile.ImageUrls;
import io.primehub.imagebuilder.domain.reconcile.JobState;
import io.primehub.imagebuilder.domain.reconcile.SpecState;
import io.primehub.imagebuilder.domain.reconcile.StatusFields;
import io.primehub.imagebuilder.k8s.resource.ConditionField;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the status of specs and jobs through the status subresource, as a JSON merge patch of only the
 * fields the controller owns: fields it does not know survive. The patch carries the resourceVersion the
 * decision was made from, so a concurrent change fails with 409 and the reconciler decides again.
 *
 * <p>Every field PrimeHub's schemas require is written, as a string that may be empty. Whether the cluster's schema
 * keeps {@code conditions} ({@link #kept(String)}) is read from the served schemas at start
 * ({@link #readServedSchemas}) and confirmed by the API server's answer to each write: PrimeHub's CRDs prune them,
 * and the deciders then compare only what is kept.
 */
public final class StatusWriter {

    private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
    private static final Gson WITH_NULLS = new GsonBuilder().serializeNulls().create();

    private final ApiClient client;
    private final CustomObjectsApi customObjects;
    private final Map<String, StatusFields> kept = new ConcurrentHashMap<>();

    public StatusWriter(ApiClient client) {
        this.client = client;
        this.customObjects = new CustomObjectsApi(client);
    }

    public void writeJobStatus(ImageSpecJobResource job, JobState state) throws ApiException {
        JsonObject status = new JsonObject();
        status.addProperty("phase", state.phase().wireName());
        status.addProperty("podName", state.podName());
        status.addProperty("startTime", ResourceMapping.text(state.startTime()));
        status.addProperty("finishTime", ResourceMapping.text(state.finishTime()));
        status.add(
                "conditions",
                conditions(
                        job.getStatus() == null ? null : job.getStatus().getConditions(),
                        Condition.SUCCEEDED,
                        state.condition()));
        status.addProperty("observedGeneration", state.observedGeneration());
        status.addProperty("imageDigest", state.imageDigest());
        patch(CustomResources.IMAGE_SPEC_JOBS, job, status, state.condition() != null);
    }

    public void writeSpecStatus(ImageSpecResource spec, SpecState state) throws ApiException {
        JsonObject status = new JsonObject();
        status.addProperty("phase", state.phase());
        status.addProperty("jobName", state.jobName());
        status.addProperty("image", state.image());
        status.addProperty("imageDigest", state.imageDigest());
        status.add(
                "conditions",
                conditions(
                        spec.getStatus() == null ? null : spec.getStatus().getConditions(),
                        Condition.READY,
                        state.condition()));
        status.addProperty("observedGeneration", state.observedGeneration());
        patch(CustomResources.IMAGE_SPECS, spec, status, state.condition() != null);
    }

    /**
     * Writes an {@code Image}'s {@code status.jobCondition} (and conditions) and, after a successful build, its
     * {@code spec.url}, {@code spec.urlForGpu} and {@code spec.pullSecret}: one JSON merge patch of the main resource,
     * since PrimeHub's Image CRD has no status subresource. Only these fields are sent; the console's own fields are
     * left as they are. The patch carries the resourceVersion the decision was made from.
     */
    public void writeImage(ImageResource image, Optional<SpecState> state, Optional<ImageUrls> urls)
            throws ApiException {
        JsonObject body = new JsonObject();
        JsonObject metadata = new JsonObject();
        metadata.addProperty("resourceVersion", image.getMetadata().getResourceVersion());
        body.add("metadata", metadata);
        if (urls.isPresent()) {
            JsonObject spec = new JsonObject();
            spec.addProperty("url", urls.get().url());
            spec.addProperty("urlForGpu", urls.get().urlForGpu());
            spec.addProperty("pullSecret", urls.get().pullSecret());
            body.add("spec", spec);
        }
        if (state.isPresent()) {
            JsonObject jobCondition = new JsonObject();
            jobCondition.addProperty("phase", state.get().phase());
            jobCondition.addProperty("jobName", state.get().jobName());
            jobCondition.addProperty("image", state.get().image());
            jobCondition.addProperty("imageDigest", state.get().imageDigest());
            JsonObject status = new JsonObject();
            status.add("jobCondition", jobCondition);
            status.add(
                    "conditions",
                    conditions(
                            image.getStatus() == null ? null : image.getStatus().getConditions(),
                            Condition.READY,
                            state.get().condition()));
            body.add("status", status);
        }
        String namespace = image.getMetadata().getNamespace();
        String name = image.getMetadata().getName();
        Object written = PatchUtils.patch(
                Object.class,
                () -> customObjects
                        .patchNamespacedCustomObject(
                                CustomResources.GROUP,
                                CustomResources.VERSION,
                                namespace,
                                CustomResources.IMAGES,
                                name,
                                new V1Patch(WITH_NULLS.toJson(body)))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                client);
        if (state.isPresent() && state.get().condition() != null) {
            learn(CustomResources.IMAGES, written, !state.get().imageDigest().isEmpty());
        }
    }

    /**
     * Which status fields the schema of {@code plural} keeps: as the served schema says ({@link #readServedSchemas}),
     * or as the last write showed; {@code ALL} before either.
     */
    public StatusFields kept(String plural) {
        return kept.getOrDefault(plural, StatusFields.ALL);
    }

    /** Reads which status fields the served CRDs keep; a controller does it once before its first decision. */
    public void readServedSchemas() {
        kept.putAll(ServedSchemas.read(client));
    }

    /**
     * Whether the cluster serves {@code images.primehub.io}, as discovery says; empty when discovery could not answer.
     */
    public Optional<Boolean> servesImages() {
        return ServedSchemas.servesImages(client);
    }

    private void patch(String plural, KubernetesObject object, JsonObject status, boolean wroteCondition)
            throws ApiException {
        JsonObject metadata = new JsonObject();
        metadata.addProperty("resourceVersion", object.getMetadata().getResourceVersion());
        JsonObject body = new JsonObject();
        body.add("metadata", metadata);
        body.add("status", status);
        String namespace = object.getMetadata().getNamespace();
        String name = object.getMetadata().getName();
        Object written = PatchUtils.patch(
                Object.class,
                () -> customObjects
                        .patchNamespacedCustomObjectStatus(
                                CustomResources.GROUP,
                                CustomResources.VERSION,
                                namespace,
                                plural,
                                name,
                                new V1Patch(WITH_NULLS.toJson(body)))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                client);
        if (wroteCondition) {
            learn(plural, written, !status.get("imageDigest").getAsString().isEmpty());
        }
    }

    /**
     * Learns from the object the API server kept whether it still has the conditions just written and, when a digest
     * was written ({@code wroteDigest}), the digest; a write without one says nothing about digests.
     */
    private void learn(String plural, Object written, boolean wroteDigest) {
        Map<?, ?> status =
                written instanceof Map<?, ?> object && object.get("status") instanceof Map<?, ?> s ? s : Map.of();
        boolean hasConditions = status.get("conditions") instanceof List<?> list && !list.isEmpty();
        Map<?, ?> jobCondition = status.get("jobCondition") instanceof Map<?, ?> j ? j : Map.of();
        boolean hasDigest = (status.get("imageDigest") instanceof String digest && !digest.isEmpty())
                || (jobCondition.get("imageDigest") instanceof String nested && !nested.isEmpty());
        StatusFields before = kept(plural);
        StatusFields now =
                StatusFields.keeping(hasConditions, wroteDigest ? hasDigest : before != StatusFields.WITHOUT_DIGEST);
        if (kept.put(plural, now) != now && now != StatusFields.ALL) {
            LOG.info(
                    "the {} schema keeps {}: comparing only the fields it keeps",
                    plural,
                    now == StatusFields.PRIMEHUB
                            ? "no status.conditions (PrimeHub's CRD)"
                            : "no status imageDigest (an earlier CRD of this project; apply deploy/crds)");
        }
    }

    /**
     * The conditions to write: the object's own (as the decision saw them; the patch's resourceVersion makes sure they
     * are still the object's) with ours set by type ({@link ResourceMapping#withCondition}). A JSON merge patch
     * replaces a list as a whole, so the conditions of other tools are sent back as they were.
     */
    private static JsonArray conditions(List<ConditionField> existing, String type, Condition ours) {
        JsonArray array = new JsonArray();
        for (ConditionField field : ResourceMapping.withCondition(existing, type, ours)) {
            JsonObject c = new JsonObject();
            c.addProperty("type", field.getType());
            c.addProperty("status", field.getStatus());
            addIfPresent(c, "reason", field.getReason());
            addIfPresent(c, "message", field.getMessage());
            addIfPresent(c, "lastTransitionTime", field.getLastTransitionTime());
            if (field.getObservedGeneration() != null) {
                c.addProperty("observedGeneration", field.getObservedGeneration());
            }
            array.add(c);
        }
        return array;
    }

    /** A field left out rather than written as null: the schema gives each a type that null is not. */
    private static void addIfPresent(JsonObject object, String name, String value) {
        if (value != null) {
            object.addProperty(name, value);
        }
    }
}
