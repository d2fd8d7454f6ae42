package io.primehub.imagebuilder.it.cluster;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.net.HttpURLConnection;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;

/**
 * A namespace made for one test, labelled {@value #LABEL}=true, and deleted after it by
 * {@link KubernetesClusterExtension} (deleting it is a real namespace deletion: the namespace controller removes
 * what is in it). A test may delete it itself.
 *
 * @param name the namespace's name, e.g. {@code it-creates-a-job-k3x9q}
 */
public record TestNamespace(String name, ApiClient client) implements AutoCloseable {

    /** Label on every namespace made by the tests, to find leftovers on a shared cluster. */
    public static final String LABEL = "primehub.io/integration-test";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    /** Creates a namespace named after {@code hint} (usually the test method) plus a random suffix. */
    public static TestNamespace create(ApiClient client, String hint) {
        String name = nameFor(hint);
        V1Namespace namespace =
                new V1Namespace().metadata(new V1ObjectMeta().name(name).labels(Map.of(LABEL, "true")));
        try {
            new CoreV1Api(client).createNamespace(namespace).execute();
        } catch (ApiException e) {
            throw new IllegalStateException(
                    "Cannot create test namespace " + name + ": HTTP " + e.getCode() + " " + e.getResponseBody(), e);
        }
        return new TestNamespace(name, client);
    }

    static String nameFor(String hint) {
        String base = hint.replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("-+", "-")
                .replaceAll("^-|-$", "");
        base = ("it-" + base);
        base = base.substring(0, Math.min(base.length(), 56)).replaceAll("-$", "");
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
        }
        return base + "-" + suffix;
    }

    /** Asks the API server to delete the namespace, without waiting; a namespace already gone is fine. */
    @Override
    public void close() {
        try {
            new CoreV1Api(client).deleteNamespace(name).execute();
        } catch (ApiException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND && e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw new IllegalStateException(
                        "Cannot delete test namespace " + name + ": HTTP " + e.getCode() + " " + e.getResponseBody(),
                        e);
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
