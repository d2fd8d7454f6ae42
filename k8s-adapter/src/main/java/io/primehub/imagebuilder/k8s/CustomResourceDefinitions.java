package io.primehub.imagebuilder.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The CRDs shipped in the jar at {@code io/primehub/imagebuilder/k8s/crds/*.yaml}, and their installation. */
public final class CustomResourceDefinitions {

    private static final String FOLDER = "io/primehub/imagebuilder/k8s/crds/";
    private static final List<String> FILES =
            List.of("imagespecs.primehub.io.yaml", "imagespecjobs.primehub.io.yaml", "images.primehub.io.yaml");
    private static final Duration POLL = Duration.ofMillis(200);

    private CustomResourceDefinitions() {}

    /** Classpath resource paths of the CRD manifests. */
    public static List<String> resourceNames() {
        return FILES.stream().map(file -> FOLDER + file).toList();
    }

    /** The CRDs as the client's model reads them. */
    public static List<V1CustomResourceDefinition> load() {
        return manifests().stream()
                .map(json ->
                        JSON.<V1CustomResourceDefinition>deserialize(json.toString(), V1CustomResourceDefinition.class))
                .toList();
    }

    /** The CRD manifests as plain JSON, exactly as written. */
    static List<JsonObject> manifests() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectMapper json = new ObjectMapper();
        return resourceNames().stream()
                .map(name -> {
                    try (InputStream in =
                            CustomResourceDefinitions.class.getClassLoader().getResourceAsStream(name)) {
                        if (in == null) {
                            throw new IllegalStateException(
                                    "the CRD manifest " + name + " is missing from the classpath");
                        }
                        return JsonParser.parseString(json.writeValueAsString(yaml.readValue(in, Object.class)))
                                .getAsJsonObject();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the CRD manifest " + name, e);
                    }
                })
                .toList();
    }

    /**
     * Creates or replaces the CRDs, then waits until the API server reports them {@code Established}.
     *
     * @throws IllegalStateException when the API server refuses one, or they are not established within {@code timeout}
     */
    public static void install(ApiClient client, Duration timeout) {
        TolerantJson.install(client);
        ApiextensionsV1Api api = new ApiextensionsV1Api(client);
        DynamicKubernetesApi dynamic =
                new DynamicKubernetesApi("apiextensions.k8s.io", "v1", "customresourcedefinitions", client);
        List<String> names = new java.util.ArrayList<>();
        for (JsonObject manifest : manifests()) {
            String name = manifest.getAsJsonObject("metadata").get("name").getAsString();
            createOrReplace(dynamic, manifest, name);
            names.add(name);
        }
        Instant deadline = Instant.now().plus(timeout);
        for (String name : names) {
            while (!established(api, name)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("CRD " + name + " was not established within " + timeout);
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for CRD " + name, e);
                }
            }
        }
    }

    /**
     * Sends the manifest's own JSON: the client's typed model would turn integers into floats ({@code minLength: 1.0})
     * and add empty lists and maps, which the API server refuses in a structural schema.
     */
    private static void createOrReplace(DynamicKubernetesApi api, JsonObject manifest, String name) {
        KubernetesApiResponse<DynamicKubernetesObject> created =
                api.create(new DynamicKubernetesObject(manifest.deepCopy()));
        if (created.isSuccess()) {
            return;
        }
        if (created.getHttpStatusCode() != 409) {
            throw refused(name, created);
        }
        KubernetesApiResponse<DynamicKubernetesObject> existing = api.get(name);
        if (!existing.isSuccess()) {
            throw refused(name, existing);
        }
        DynamicKubernetesObject replacement = new DynamicKubernetesObject(manifest.deepCopy());
        replacement
                .getRaw()
                .getAsJsonObject("metadata")
                .addProperty(
                        "resourceVersion", existing.getObject().getMetadata().getResourceVersion());
        KubernetesApiResponse<DynamicKubernetesObject> replaced = api.update(replacement);
        if (!replaced.isSuccess()) {
            throw refused(name, replaced);
        }
    }

    private static IllegalStateException refused(String name, KubernetesApiResponse<?> response) {
        return new IllegalStateException("the API server refused CRD " + name + ": HTTP " + response.getHttpStatusCode()
                + (response.getStatus() == null
                        ? ""
                        : " " + response.getStatus().getMessage()));
    }

    private static boolean established(ApiextensionsV1Api api, String name) {
        try {
            V1CustomResourceDefinition crd =
                    api.readCustomResourceDefinition(name).execute();
            return crd.getStatus() != null
                    && crd.getStatus().getConditions() != null
                    && crd.getStatus().getConditions().stream()
                            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
        } catch (ApiException e) {
            throw refused(name, e);
        }
    }

    private static IllegalStateException refused(String name, ApiException e) {
        return new IllegalStateException(
                "the API server refused CRD " + name + ": HTTP " + e.getCode() + " " + e.getResponseBody(), e);
    }
}
