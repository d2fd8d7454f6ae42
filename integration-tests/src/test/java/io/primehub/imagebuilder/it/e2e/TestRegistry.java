package io.primehub.imagebuilder.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The registry of the end-to-end tests: a real {@code docker-registry} with htpasswd authentication
 * ({@link ScriptedRegistry}) that holds the provisioned Debian base image, pushed with skopeo. Every read needs the
 * credentials, so the base is private. The controller's settings for it are the registry adapter's own.
 */
final class TestRegistry implements AutoCloseable {

    static final String USER = "primehub-e2e";
    static final String REPO_PREFIX_PATH = "team";
    static final String BASE_REPOSITORY = "primehub-it/debian-base";
    static final String BASE_TAG = "bookworm";

    private static final long SKOPEO_TIMEOUT_MINUTES = 5;

    private final String password;
    private final ScriptedRegistry registry;
    private final RegistrySettings settings;

    private TestRegistry(String password, ScriptedRegistry registry) {
        this.password = password;
        this.registry = registry;
        this.settings = RegistrySettings.load(ConfigSource.of(Map.of(
                RegistrySettings.FEATURE_KEY, "true",
                RegistrySettings.ENDPOINT_KEY, "http://" + address(),
                RegistrySettings.USERNAME_KEY, USER,
                RegistrySettings.PASSWORD_KEY, password,
                RegistrySettings.REPO_PREFIX_KEY, repoPrefix())));
    }

    /** Starts a registry and copies the base from {@code baseLocation} ({@code oci-archive:...}) into it. */
    static TestRegistry startWithBase(String baseLocation) {
        // Random per run; letters, digits and '-' only, so that every tool takes it as it is.
        String password = "E2e-" + UUID.randomUUID();
        TestRegistry started = new TestRegistry(password, ScriptedRegistry.start(USER, password));
        try {
            started.pushBase(baseLocation);
            return started;
        } catch (RuntimeException | Error e) {
            started.close();
            throw e;
        }
    }

    String password() {
        return password;
    }

    /** {@code 127.0.0.1:PORT}. */
    String address() {
        return registry.address();
    }

    /** {@code 127.0.0.1:PORT/team}. */
    String repoPrefix() {
        return address() + "/" + REPO_PREFIX_PATH;
    }

    /** {@code 127.0.0.1:PORT/primehub-it/debian-base:bookworm}. */
    String baseImage() {
        return address() + "/" + BASE_REPOSITORY + ":" + BASE_TAG;
    }

    /** The controller's settings, as the environment would give them: {@code http://} makes them insecure. */
    RegistrySettings settings() {
        return settings;
    }

    SettingsRegistryCredentials credentials() {
        return new SettingsRegistryCredentials(settings());
    }

    RegistryClient client() {
        return RegistryClient.forSettings(settings());
    }

    @Override
    public void close() {
        registry.close();
    }

    private void pushBase(String baseLocation) {
        try {
            Path authFile = Files.createTempFile("e2e-base-push", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(authFile, credentials().dockerConfigJson());
                Process skopeo = new ProcessBuilder("skopeo", "copy", "--quiet", "--dest-tls-verify=false",
                        "--dest-authfile", authFile.toString(), baseLocation, "docker://" + baseImage())
                        .inheritIO()
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!skopeo.waitFor(SKOPEO_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    skopeo.destroyForcibly().waitFor();
                    fail("skopeo copy of the base image did not finish in " + SKOPEO_TIMEOUT_MINUTES + " minutes");
                }
                assertEquals(0, skopeo.exitValue(), "skopeo copy of the base image into the test registry failed (above)");
            } finally {
                Files.deleteIfExists(authFile);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot push the base image", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        RegistryClientException refused = assertThrows(RegistryClientException.class,
                () -> RegistryClient.anonymous(URI.create("http://" + address())).manifest(BASE_REPOSITORY, BASE_TAG),
                "the base must be private, or the pull-secret tests prove nothing");
        assertEquals(401, refused.status(), "an anonymous read of the base image's manifest");
    }
}
