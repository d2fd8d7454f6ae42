package io.primehub.imagebuilder.it.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.multibindings.OptionalBinder;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Pod;
import io.primehub.imagebuilder.app.config.ConfigKeys;
import io.primehub.imagebuilder.app.config.ImageBuilderConfig;
import io.primehub.imagebuilder.app.embed.ImageBuilder;
import io.primehub.imagebuilder.app.inject.ForImageBuilder;
import io.primehub.imagebuilder.app.inject.ImageBuilderModule;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.it.support.PrivateBaseRegistry;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.registry.RegistrySettings;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the application ITs share: the settings of a controller under test, and looks at what it made. */
final class AppSettings {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String LEASE_NAME = "image-builder-it";
    static final String PASSWORD = "It-registry-passw0rd-never-shown";

    private AppSettings() {}

    /**
     * The environment of a controller that watches {@code namespace} only and keeps its Lease there, with
     * short leader-election timings so that a hand-over takes seconds.
     */
    static Map<String, String> environment(String namespace, String identity) {
        Map<String, String> env = new HashMap<>();
        env.put(RegistrySettings.FEATURE_KEY, "true");
        env.put(RegistrySettings.ENDPOINT_KEY, "127.0.0.1:5000");
        env.put(RegistrySettings.USERNAME_KEY, "builder");
        env.put(RegistrySettings.PASSWORD_KEY, PASSWORD);
        env.put(RegistrySettings.REPO_PREFIX_KEY, "127.0.0.1:5000/team");
        env.put(ConfigKeys.BUILDER_IMAGE, "builder:test");
        env.put(ConfigKeys.WATCH_NAMESPACE, namespace);
        env.put(ConfigKeys.WORKERS, "1");
        env.put(ConfigKeys.LEASE_NAME, LEASE_NAME);
        env.put(ConfigKeys.LEASE_NAMESPACE, namespace);
        env.put(ConfigKeys.LEADER_IDENTITY, identity);
        env.put(ConfigKeys.LEASE_DURATION, "4s");
        env.put(ConfigKeys.RENEW_DEADLINE, "3s");
        env.put(ConfigKeys.RETRY_PERIOD, "1s");
        env.put(ConfigKeys.HEALTH_ADDRESS, "127.0.0.1");
        env.put(ConfigKeys.HEALTH_PORT, "0");
        return env;
    }

    /**
     * What {@link #environment} changes for a controller whose builds run on the tests' real node: the registry on
     * the node's bridge (its settings as environment variables) and the builder image imported there.
     */
    static Map<String, String> onTheNode(PrivateBaseRegistry registry) {
        Map<String, String> env = new HashMap<>(registry.environment(registry.password()));
        env.put(ConfigKeys.BUILDER_IMAGE, BuildPodSettings.DEFAULT_BUILDER_IMAGE);
        return env;
    }

    /** A spec that builds on the node: curl on the registry's private base, read with {@code pullSecret}. */
    static ImageSpec nodeSpec(String namespace, String name, PrivateBaseRegistry registry, String pullSecret) {
        return new ImageSpec(
                namespace,
                name,
                registry.baseImage(),
                pullSecret,
                Packages.of(List.of("curl"), List.of(), List.of()),
                "");
    }

    static ImageSpec spec(String namespace, String name, String pipPackage) {
        return new ImageSpec(
                namespace,
                name,
                "python:3.11-slim",
                "",
                Packages.of(List.of("curl"), List.of(pipPackage), List.of()),
                "");
    }

    /** The build pods in {@code namespace}. */
    static List<V1Pod> buildPods(ApiClient client, String namespace) throws ApiException {
        return new CoreV1Api(client)
                .listNamespacedPod(namespace)
                .labelSelector(ImageSpecJob.APP_LABEL + "=" + ImageSpecJob.APP_LABEL_VALUE)
                .execute()
                .getItems();
    }

    /** The Lease's holder, {@code ""} when it has none or does not exist. */
    static String leaseHolder(ApiClient client, String namespace) throws ApiException {
        try {
            V1Lease lease = new CoordinationV1Api(client)
                    .readNamespacedLease(LEASE_NAME, namespace)
                    .execute();
            String holder = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
            return holder == null ? "" : holder;
        } catch (ApiException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return "";
            }
            throw e;
        }
    }

    /** The embedding facade on {@code client}, with the settings of {@link #environment} (identity "embedder"). */
    static ImageBuilder embeddedFacade(ApiClient client, String namespace) {
        ImageBuilderConfig config = ImageBuilderConfig.load(
                environment(namespace, "embedder"), null, null, Path.of("").toAbsolutePath());
        return Guice.createInjector(new ImageBuilderModule(config), new AbstractModule() {
                    @Override
                    protected void configure() {
                        OptionalBinder.newOptionalBinder(binder(), Key.get(ApiClient.class, ForImageBuilder.class))
                                .setBinding()
                                .toInstance(client);
                    }
                })
                .getInstance(ImageBuilder.class);
    }

    /** The body of {@code GET http://127.0.0.1:PORT/PATH}, asserting that it answered 200. */
    static String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    /** {@code "<status> <body>"} of a probe such as {@code /healthz}, or why it could not be reached. */
    static String probe(int port, String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body().strip();
        } catch (IOException e) {
            return "unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static String readyz(int port) {
        return probe(port, "/readyz");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
