package io.primehub.imagebuilder.it.support;

import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Predicate;

/**
 * PrimeHub's console, as its GraphQL server writes {@code Image}s (resolvers/image.ts): a POST of the Image with
 * {@code spec.imageSpec} and no update time, then a merge patch of the whole {@code spec} that adds {@code cancel:
 * false} and {@code updateTime} at whole seconds written with {@code .000Z}; Rebuild is a merge patch that replaces
 * {@code imageSpec} and sets a new update time; Cancel is a merge patch of {@code cancel: true}. It never writes the
 * status. The build log page reads the ImageSpecJob named after the Image and its {@code status.podName}.
 */
public final class ConsoleImage {

    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(30);

    private final RawApi api;
    private final String namespace;
    private final String name;
    private Instant lastUpdateTime = Instant.EPOCH;

    public ConsoleImage(RawApi api, String namespace, String name) {
        this.api = api;
        this.namespace = namespace;
        this.name = name;
    }

    public String path() {
        return "/apis/primehub.io/v1alpha1/namespaces/" + namespace + "/images/" + name;
    }

    /** The admin's "Create" of a custom image: text boxes split into lines, so an empty box is {@code [""]}. */
    public void create(String baseImage, List<String> apt, List<String> pip, List<String> conda) {
        create(baseImage, null, apt, pip, conda);
    }

    /** As {@link #create(String, List, List, List)}, with the pull secret the admin picked for the base, if any. */
    public void create(String baseImage, String pullSecret, List<String> apt, List<String> pip, List<String> conda) {
        JsonObject imageSpec = new JsonObject();
        imageSpec.addProperty("baseImage", baseImage);
        imageSpec.add("packages", packages(apt, pip, conda));
        if (pullSecret == null) {
            imageSpec.add("pullSecret", JsonNull.INSTANCE);
        } else {
            imageSpec.addProperty("pullSecret", pullSecret);
        }
        JsonObject spec = new JsonObject();
        spec.addProperty("displayName", name);
        spec.addProperty("description", "");
        spec.addProperty("type", "both");
        spec.addProperty("pullSecret", "");
        spec.add("groupName", JsonNull.INSTANCE);
        spec.add("imageSpec", imageSpec);
        api.send(
                "POST",
                "/apis/primehub.io/v1alpha1/namespaces/" + namespace + "/images",
                RawApi.JSON,
                image(spec).toString());
        // onCreate: the whole spec again, with cancel and the update time.
        JsonObject created = read().getAsJsonObject("spec").deepCopy();
        created.getAsJsonObject("imageSpec").addProperty("cancel", false);
        created.getAsJsonObject("imageSpec").addProperty("updateTime", nextUpdateTime());
        patchSpec(created);
    }

    /** The admin's "Rebuild": the image spec as the form holds it (only non-empty boxes), a new update time. */
    public void rebuild(String baseImage, List<String> pip) {
        JsonObject spec = read().getAsJsonObject("spec").deepCopy();
        JsonObject data = new JsonObject();
        data.addProperty("baseImage", baseImage);
        data.addProperty("pullSecret", "");
        JsonObject packages = new JsonObject();
        packages.add("pip", strings(pip));
        data.add("packages", packages);
        data.addProperty("cancel", false);
        data.addProperty("updateTime", nextUpdateTime());
        spec.add("imageSpec", data);
        patchSpec(spec);
    }

    /** The admin's "Cancel Build". */
    public void cancel() {
        JsonObject spec = read().getAsJsonObject("spec").deepCopy();
        spec.getAsJsonObject("imageSpec").addProperty("cancel", true);
        patchSpec(spec);
    }

    public JsonObject read() {
        return api.get(path());
    }

    /** {@code status.jobCondition.phase}, as the console shows it; empty before the controller wrote one. */
    public String phase() {
        return jobCondition("phase");
    }

    public String jobCondition(String field) {
        JsonObject status = read().getAsJsonObject("status");
        if (status == null || !status.has("jobCondition")) {
            return "";
        }
        JsonElement value = status.getAsJsonObject("jobCondition").get(field);
        return value == null || value.isJsonNull() ? "" : value.getAsString();
    }

    public String spec(String field) {
        JsonElement value = read().getAsJsonObject("spec").get(field);
        return value == null || value.isJsonNull() ? "" : value.getAsString();
    }

    /** The console's {@code isReady}: {@code spec.url} is set. */
    public boolean isReady() {
        return !spec("url").isEmpty();
    }

    public JsonObject awaitPhase(String phase) {
        return awaitPhase(phase, TIMEOUT);
    }

    /** As {@link #awaitPhase(String)}, for as long as {@code timeout}: a real build takes longer. */
    public JsonObject awaitPhase(String phase, java.time.Duration timeout) {
        return await("image " + name + " to show " + phase).atMost(timeout).until(this::read, hasPhase(phase));
    }

    private static Predicate<JsonObject> hasPhase(String phase) {
        return image -> image.has("status")
                && image.getAsJsonObject("status").has("jobCondition")
                && phase.equals(image.getAsJsonObject("status")
                        .getAsJsonObject("jobCondition")
                        .get("phase")
                        .getAsString());
    }

    /** The build log page: the job named after the Image, then its {@code status.podName}. */
    public String logPodName() {
        JsonObject job = api.get("/apis/primehub.io/v1alpha1/namespaces/" + namespace + "/imagespecjobs/" + name);
        return job.getAsJsonObject("status").get("podName").getAsString();
    }

    private void patchSpec(JsonObject spec) {
        api.send("PATCH", path(), RawApi.MERGE_PATCH, image(spec).toString());
    }

    /** The Image with {@code spec}, as the console sends it (create and patch alike): no status. */
    private JsonObject image(JsonObject spec) {
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", name);
        JsonObject image = new JsonObject();
        image.addProperty("apiVersion", "primehub.io/v1alpha1");
        image.addProperty("kind", "Image");
        image.add("metadata", metadata);
        image.add("spec", spec);
        return image;
    }

    /** {@code moment.utc().milliseconds(0).toISOString()}, always later than the one before. */
    private String nextUpdateTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        lastUpdateTime = now.isAfter(lastUpdateTime) ? now : lastUpdateTime.plusSeconds(1);
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC)
                .format(lastUpdateTime);
    }

    private static JsonObject packages(List<String> apt, List<String> pip, List<String> conda) {
        JsonObject packages = new JsonObject();
        packages.add("apt", strings(apt));
        packages.add("conda", strings(conda));
        packages.add("pip", strings(pip));
        return packages;
    }

    private static JsonArray strings(List<String> items) {
        JsonArray array = new JsonArray();
        items.forEach(array::add);
        return array;
    }
}
