package io.primehub.imagebuilder.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.primehub.imagebuilder.it.registry.ScriptedRegistry;
import io.primehub.imagebuilder.registry.ConfigSource;
import io.primehub.imagebuilder.registry.RegistrySettings;
import io.primehub.imagebuilder.registry.SettingsRegistryCredentials;
import io.primehub.imagebuilder.registry.client.RegistryClient;
import io.primehub.imagebuilder.registry.client.RegistryClientException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The registry a test class builds against: a real {@code docker-registry} with htpasswd authentication
 * ({@link ScriptedRegistry}) that holds the provisioned Debian base image, pushed with skopeo. Every read needs the
 * credentials, so the base is private and pulling it needs a pull secret. Settings, push secret and client are the
 * registry adapter's own.
 */
public final class PrivateBaseRegistry implements AutoCloseable {

    public static final String USER = "primehub-it";
    public static final String REPO_PREFIX_PATH = "team";
    public static final String BASE_REPOSITORY = "primehub-it/debian-base";
    public static final String BASE_TAG = "bookworm";

    private static final long SKOPEO_TIMEOUT_MINUTES = 5;

    private final String password;
    private final ScriptedRegistry registry;

    private PrivateBaseRegistry(String password, ScriptedRegistry registry) {
        this.password = password;
        this.registry = registry;
    }

    /**
     * Starts a registry and copies the base image from {@code baseLocation} (a transport reference such as
     * {@code oci-archive:...}) into it, with the push secret's content as skopeo's auth file. The registry is
     * stopped again when the copy fails.
     */
    public static PrivateBaseRegistry startWithBase(String baseLocation) {
        return startWithBase(baseLocation, "127.0.0.1");
    }

    /** A registry on 127.0.0.1 with the same authentication and no image in it yet. */
    public static PrivateBaseRegistry start() {
        String password = "It-" + UUID.randomUUID();
        return new PrivateBaseRegistry(password, ScriptedRegistry.start(USER, password, "127.0.0.1"));
    }

    /** As {@link #startWithBase(String)}, listening on {@code listenAddress} (the test node's, for its pods). */
    public static PrivateBaseRegistry startWithBase(String baseLocation, String listenAddress) {
        // Random per run; letters, digits and '-' only, so that every tool takes it as it is.
        String password = "It-" + UUID.randomUUID();
        PrivateBaseRegistry started =
                new PrivateBaseRegistry(password, ScriptedRegistry.start(USER, password, listenAddress));
        try {
            started.pushBase(baseLocation);
            return started;
        } catch (RuntimeException | Error e) {
            started.close();
            throw e;
        }
    }

    public String password() {
        return password;
    }

    /** {@code HOST:PORT}. */
    public String address() {
        return registry.address();
    }

    /** {@code HOST:PORT/team}. */
    public String repoPrefix() {
        return address() + "/" + REPO_PREFIX_PATH;
    }

    /** The private base image as a spec names it: {@code HOST:PORT/primehub-it/debian-base:bookworm}. */
    public String baseImage() {
        return address() + "/" + BASE_REPOSITORY + ":" + BASE_TAG;
    }

    /** The settings the controller would read, as environment variables: {@code http://} makes them insecure. */
    public Map<String, String> environment(String password) {
        return Map.of(
                RegistrySettings.FEATURE_KEY,
                "true",
                RegistrySettings.ENDPOINT_KEY,
                "http://" + address(),
                RegistrySettings.USERNAME_KEY,
                USER,
                RegistrySettings.PASSWORD_KEY,
                password,
                RegistrySettings.REPO_PREFIX_KEY,
                repoPrefix());
    }

    public RegistrySettings settings() {
        return settings(password());
    }

    public RegistrySettings settings(String password) {
        return RegistrySettings.load(ConfigSource.of(environment(password)));
    }

    public SettingsRegistryCredentials credentials() {
        return new SettingsRegistryCredentials(settings());
    }

    /** The push secret's content the controller writes for these settings: a docker config JSON. */
    public byte[] dockerConfigJson(String password) {
        return new SettingsRegistryCredentials(settings(password)).dockerConfigJson();
    }

    public byte[] dockerConfigJson() {
        return dockerConfigJson(password());
    }

    /**
     * Creates, as a user would, a {@code kubernetes.io/dockerconfigjson} Secret named {@code name} in {@code namespace}
     * with this registry's credentials: what a spec or the console's Image names as its pull secret.
     */
    public void createPullSecret(ApiClient client, String namespace, String name) throws ApiException {
        new CoreV1Api(client)
                .createNamespacedSecret(
                        namespace,
                        new V1Secret()
                                .metadata(new V1ObjectMeta().name(name).namespace(namespace))
                                .type("kubernetes.io/dockerconfigjson")
                                .data(Map.of(".dockerconfigjson", dockerConfigJson())))
                .execute();
    }

    public RegistryClient client() {
        return RegistryClient.forSettings(settings());
    }

    /** The bytes the registry stores: what was pushed to it, each blob once. */
    public long storedBytes() {
        return registry.storedBytes();
    }

    @Override
    public void close() {
        registry.close();
    }

    /**
     * skopeo copy into this registry, and out of it too when {@code fromHere}, with the push secret's content; returns
     * the digest of the manifest written ({@code sha256:...}).
     */
    private String skopeoCopy(String source, String destination, boolean fromHere) {
        try {
            Path authFile = Files.createTempFile(
                    "registry-auth",
                    ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Path digestFile = Files.createTempFile("registry-digest", ".txt");
            try {
                Files.write(authFile, dockerConfigJson());
                List<String> command = new ArrayList<>(List.of(
                        "skopeo",
                        "copy",
                        "--quiet",
                        "--dest-tls-verify=false",
                        "--dest-authfile",
                        authFile.toString(),
                        "--digestfile",
                        digestFile.toString()));
                if (fromHere) {
                    command.addAll(List.of("--src-tls-verify=false", "--src-authfile", authFile.toString()));
                }
                command.addAll(List.of(source, destination));
                Process skopeo = new ProcessBuilder(command)
                        .inheritIO()
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!skopeo.waitFor(SKOPEO_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    skopeo.destroyForcibly().waitFor();
                    fail("skopeo copy to " + destination + " did not finish in " + SKOPEO_TIMEOUT_MINUTES + " minutes");
                }
                assertEquals(0, skopeo.exitValue(), "skopeo copy to " + destination + " failed (above)");
                return Files.readString(digestFile).strip();
            } finally {
                Files.deleteIfExists(authFile);
                Files.deleteIfExists(digestFile);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy to " + destination, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Copies an image within this registry as anyone with its credential could, with skopeo: {@code from} and {@code
     * to} are references in it ({@link #address()}{@code /...}).
     */
    public void copyWithin(String from, String to) {
        skopeoCopy("docker://" + from, "docker://" + to, true);
    }

    /**
     * Copies an image from {@code location} (a transport reference, as {@code oci-archive:...}) to {@code reference};
     * returns the digest of its manifest there ({@code sha256:...}).
     */
    public String push(String location, String reference) {
        return skopeoCopy(location, "docker://" + reference, false);
    }

    private void pushBase(String baseLocation) {
        skopeoCopy(baseLocation, "docker://" + baseImage(), false);
        RegistryClientException refused = assertThrows(
                RegistryClientException.class,
                () -> RegistryClient.anonymous(URI.create("http://" + address()))
                        .manifest(BASE_REPOSITORY, BASE_TAG),
                "the base must be private, or the pull-secret tests prove nothing");
        assertEquals(401, refused.status(), "an anonymous read of the base image's manifest");
    }
}
