package io.primehub.imagebuilder.it.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.primehub.imagebuilder.registry.ConfigSource;
import io.primehub.imagebuilder.registry.DockerAuth;
import io.primehub.imagebuilder.registry.RegistrySettings;
import io.primehub.imagebuilder.registry.Secret;
import io.primehub.imagebuilder.registry.SettingsRegistryCredentials;
import io.primehub.imagebuilder.registry.client.Manifest;
import io.primehub.imagebuilder.registry.client.RegistryClient;
import io.primehub.imagebuilder.registry.client.RegistryClientException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client and the push credential against a real registry: Debian's docker-registry with htpasswd
 * (bcrypt) authentication, started by {@code build/start-registry}.
 */
class RegistryClientIT {

    private static final String USER = "image-builder";
    // A ':' and a '"' in the password: basic auth splits at the first ':', and JSON must escape the quote.
    private static final String PASSWORD = "It:" + UUID.randomUUID() + "\"x";
    private static final String REPOSITORY = "team/base-notebook";
    private static final String TAG = "2f3a9c1e";
    private static final byte[] LAYER =
            "not a real tarball; inspection never reads layers".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONFIG = """
            {"architecture":"amd64","os":"linux","config":{"Labels":{"io.primehub.images":"custom"}},\
            "rootfs":{"type":"layers","diff_ids":["sha256:0000000000000000000000000000000000000000000000000000000000000000"]}}""".getBytes(StandardCharsets.UTF_8);

    private static ScriptedRegistry registry;
    private static URI base;
    private static String manifestDigest;

    @BeforeAll
    static void startRegistryWithAnImage() throws IOException, InterruptedException {
        registry = ScriptedRegistry.start(USER, PASSWORD);
        base = URI.create("http://" + registry.address());
        RawUpload upload = new RawUpload(base, USER, PASSWORD);
        String config = upload.blob(REPOSITORY, CONFIG);
        String layer = upload.blob(REPOSITORY, LAYER);
        manifestDigest = upload.manifest(REPOSITORY, TAG, Manifest.OCI_MANIFEST, """
                {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.oci.image.config.v1+json",\
                "digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip",\
                "digest":"%s","size":%d}]}""".formatted(
                        Manifest.OCI_MANIFEST, config, CONFIG.length, layer, LAYER.length));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static RegistrySettings settings() {
        return RegistrySettings.load(ConfigSource.of(Map.of(
                RegistrySettings.FEATURE_KEY,
                "true",
                RegistrySettings.ENDPOINT_KEY,
                "http://" + registry.address(),
                RegistrySettings.USERNAME_KEY,
                USER,
                RegistrySettings.PASSWORD_KEY,
                PASSWORD,
                RegistrySettings.REPO_PREFIX_KEY,
                registry.address() + "/team")));
    }

    @Test
    void readsManifestConfigAndLayerOfAStoredImage() throws IOException {
        RegistryClient client = RegistryClient.create(base, new DockerAuth(USER, Secret.of(PASSWORD)));
        client.checkAccess();

        Manifest manifest = client.manifest(REPOSITORY, TAG);
        assertEquals(Manifest.OCI_MANIFEST, manifest.mediaType());
        assertEquals(manifestDigest, manifest.digest());
        assertEquals(RawUpload.sha256(LAYER), manifest.layers().get(0).digest());

        JsonNode config = client.config(REPOSITORY, manifest);
        assertEquals(
                "custom",
                config.path("config").path("Labels").path("io.primehub.images").asText());
        try (InputStream layer =
                client.blob(REPOSITORY, manifest.layers().get(0).digest())) {
            assertArrayEquals(LAYER, layer.readAllBytes());
        }
        assertEquals(List.of(TAG), client.tags(REPOSITORY));
        assertEquals(manifest, client.manifest(REPOSITORY, manifestDigest));
    }

    @Test
    void clientForTheSettingsReachesTheConfiguredRegistry() {
        RegistryClient client = RegistryClient.forSettings(settings());
        assertEquals(base, client.base());
        assertEquals(manifestDigest, client.manifest(REPOSITORY, TAG).digest());
    }

    @Test
    void wrongPasswordIsRefused() {
        RegistryClient client = RegistryClient.create(base, new DockerAuth(USER, Secret.of(PASSWORD + "-wrong")));
        RegistryClientException e = assertThrows(RegistryClientException.class, () -> client.manifest(REPOSITORY, TAG));
        assertEquals(401, e.status());
        assertTrue(!e.getMessage().contains(PASSWORD), e.getMessage());
    }

    @Test
    void anonymousAccessIsRefused() {
        assertEquals(
                401,
                assertThrows(
                                RegistryClientException.class,
                                () -> RegistryClient.anonymous(base).checkAccess())
                        .status());
    }

    @Test
    void unknownTagIsManifestUnknown() {
        RegistryClient client = RegistryClient.forSettings(settings());
        RegistryClientException e =
                assertThrows(RegistryClientException.class, () -> client.manifest(REPOSITORY, "nope"));
        assertEquals(404, e.status());
        assertEquals(List.of("MANIFEST_UNKNOWN"), e.errorCodes());
    }

    /** The push secret's content is what containers/image tools (buildah, skopeo) read as an auth file. */
    @Test
    void pushSecretContentIsAcceptedBySkopeoAsAnAuthFile(@TempDir Path dir) throws IOException, InterruptedException {
        Path authFile = dir.resolve("auth.json");
        Files.write(authFile, new SettingsRegistryCredentials(settings()).dockerConfigJson());
        Path output = dir.resolve("inspect.json");
        Process skopeo = new ProcessBuilder(
                        "skopeo",
                        "inspect",
                        "--raw",
                        "--authfile",
                        authFile.toString(),
                        "--tls-verify=false",
                        "docker://" + registry.address() + "/" + REPOSITORY + ":" + TAG)
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        assertTrue(skopeo.waitFor(120, TimeUnit.SECONDS), "skopeo did not finish");
        assertEquals(0, skopeo.exitValue(), "skopeo inspect with the push secret's auth file failed (messages above)");
        assertEquals(manifestDigest, RawUpload.sha256(Files.readAllBytes(output)));
        assertEquals(
                Manifest.OCI_MANIFEST,
                new ObjectMapper().readTree(output.toFile()).path("mediaType").asText());

        Path withoutAuth = dir.resolve("empty.json");
        Files.writeString(withoutAuth, "{\"auths\":{}}");
        Process refused = new ProcessBuilder(
                        "skopeo",
                        "inspect",
                        "--raw",
                        "--authfile",
                        withoutAuth.toString(),
                        "--tls-verify=false",
                        "docker://" + registry.address() + "/" + REPOSITORY + ":" + TAG)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        assertTrue(refused.waitFor(120, TimeUnit.SECONDS), "skopeo did not finish");
        assertTrue(
                refused.exitValue() != 0,
                "without the credential the registry must refuse: the check above means something");
    }
}
