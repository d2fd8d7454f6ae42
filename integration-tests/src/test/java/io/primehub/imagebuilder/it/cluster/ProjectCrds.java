package io.primehub.imagebuilder.it.cluster;

import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionCondition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionVersion;
import io.kubernetes.client.util.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The project's CRDs, read from the k8s-adapter's classpath folder {@value #FOLDER} (deploy/crds holds the same
 * files), installed into a cluster and awaited until they are established and served.
 */
public final class ProjectCrds {

    /** Classpath folder of the CRD manifests, in k8s-adapter. */
    public static final String FOLDER = "io/primehub/imagebuilder/k8s/crds/";
    /** The CRD manifests' file names, which are also the CRDs' names plus ".yaml". */
    public static final List<String> FILES =
            List.of("imagespecs.primehub.io.yaml", "imagespecjobs.primehub.io.yaml", "images.primehub.io.yaml");

    private static final Duration ESTABLISHED_TIMEOUT = Duration.ofSeconds(60);
    private static final String APIEXTENSIONS = "apiextensions.k8s.io";
    private static final String V1 = "v1";
    private static final String CRDS = "customresourcedefinitions";

    private ProjectCrds() {}

    /** The CRDs as the manifests declare them. */
    public static List<V1CustomResourceDefinition> manifests() {
        return manifests(FOLDER);
    }

    private static List<V1CustomResourceDefinition> manifests(String folder) {
        return FILES.stream().map(file -> read(folder, file)).toList();
    }

    /** The manifests as plain maps, exactly as written (what {@link #install} sends). */
    public static List<Map<String, Object>> rawManifests() {
        return rawManifests(FOLDER);
    }

    private static List<Map<String, Object>> rawManifests(String folder) {
        return FILES.stream().map(file -> readRaw(folder, file)).toList();
    }

    /**
     * Creates the CRDs (or replaces them, on a cluster that has them) and waits until each is served. They are sent
     * as the manifests' plain JSON: the client's typed model would add empty lists and maps ({@code enum: []},
     * {@code dependencies: {}}), which the API server rightly refuses in a structural schema.
     */
    public static void install(ApiClient client) {
        installFrom(client, FOLDER);
    }

    /**
     * The same with the two CRD manifests of a classpath folder of the same file names, such as the schemas PrimeHub's
     * own controller installs ({@code primehub-crds/}).
     */
    public static void installFrom(ApiClient client, String folder) {
        CustomObjectsApi generic = new CustomObjectsApi(client);
        for (Map<String, Object> crd : rawManifests(folder)) {
            createOrReplace(generic, crd);
        }
        ApiextensionsV1Api api = new ApiextensionsV1Api(client);
        for (V1CustomResourceDefinition crd : manifests(folder)) {
            awaitServed(client, api, crd);
        }
    }

    private static V1CustomResourceDefinition read(String folder, String file) {
        try (Reader reader = open(folder, file)) {
            return Yaml.loadAs(reader, V1CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + folder + file, e);
        }
    }

    private static Map<String, Object> readRaw(String folder, String file) {
        try (Reader reader = open(folder, file)) {
            return new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + folder + file, e);
        }
    }

    private static Reader open(String folder, String file) {
        String resource = folder + file;
        InputStream in = ProjectCrds.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("CRD manifest " + resource + " is not on the test classpath "
                    + "(it belongs to the k8s-adapter module)");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static void createOrReplace(CustomObjectsApi generic, Map<String, Object> crd) {
        String name = (String) ((Map<String, Object>) crd.get("metadata")).get("name");
        try {
            try {
                generic.createClusterCustomObject(APIEXTENSIONS, V1, CRDS, crd).execute();
            } catch (ApiException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                Map<String, Object> existing =
                        (Map<String, Object>) generic.getClusterCustomObject(APIEXTENSIONS, V1, CRDS, name)
                                .execute();
                Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) crd.get("metadata"));
                metadata.put(
                        "resourceVersion", ((Map<String, Object>) existing.get("metadata")).get("resourceVersion"));
                Map<String, Object> replacement = new LinkedHashMap<>(crd);
                replacement.put("metadata", metadata);
                generic.replaceClusterCustomObject(APIEXTENSIONS, V1, CRDS, name, replacement)
                        .execute();
            }
        } catch (ApiException e) {
            throw new IllegalStateException(
                    "The API server refused CRD " + name + ": HTTP " + e.getCode() + " " + e.getResponseBody(), e);
        }
    }

    private static void awaitServed(ApiClient client, ApiextensionsV1Api api, V1CustomResourceDefinition crd) {
        String name = crd.getMetadata().getName();
        await("CRD " + name + " established")
                .atMost(ESTABLISHED_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        isEstablished(api.readCustomResourceDefinition(name).execute()));
        V1CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
        CustomObjectsApi objects = new CustomObjectsApi(client);
        await("CRD " + name + " served")
                .atMost(ESTABLISHED_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsMatching(
                        e -> e instanceof ApiException api404 && api404.getCode() == HttpURLConnection.HTTP_NOT_FOUND)
                .until(() -> objects.listClusterCustomObject(
                                        crd.getSpec().getGroup(),
                                        version.getName(),
                                        crd.getSpec().getNames().getPlural())
                                .limit(1)
                                .execute()
                        != null);
    }

    /** True when both {@code Established} and {@code NamesAccepted} are {@code True}. */
    public static boolean isEstablished(V1CustomResourceDefinition crd) {
        List<V1CustomResourceDefinitionCondition> conditions = crd.getStatus() == null
                ? List.of()
                : Objects.requireNonNullElse(crd.getStatus().getConditions(), List.of());
        return hasTrue(conditions, "Established") && hasTrue(conditions, "NamesAccepted");
    }

    private static boolean hasTrue(List<V1CustomResourceDefinitionCondition> conditions, String type) {
        return conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
