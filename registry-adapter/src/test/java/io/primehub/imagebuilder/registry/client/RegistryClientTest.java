package io.primehub.imagebuilder.registry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primehub.imagebuilder.registry.ConfigSource;
import io.primehub.imagebuilder.registry.DockerAuth;
import io.primehub.imagebuilder.registry.RegistrySettings;
import io.primehub.imagebuilder.registry.Secret;
import io.primehub.imagebuilder.registry.testing.RecordedLogs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RegistryClientTest {

    private static final DockerAuth CREDENTIALS = new DockerAuth(FakeRegistry.USER, Secret.of(FakeRegistry.PASSWORD));
    private static final byte[] LAYER = "layer tarball bytes".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONFIG = """
            {"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/bin"],"Labels":{"built-by":"primehub"}},\
            "rootfs":{"type":"layers","diff_ids":[]}}""".getBytes(StandardCharsets.UTF_8);

    private FakeRegistry registry;

    @BeforeEach
    void clearLogs() {
        RecordedLogs.clear();
    }

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private String putImage(String repository, String tag, String mediaType) {
        String configDigest = registry.putBlob(CONFIG);
        String layerDigest = registry.putBlob(LAYER);
        String configType = mediaType.equals(Manifest.OCI_MANIFEST)
                ? "application/vnd.oci.image.config.v1+json"
                : "application/vnd.docker.container.image.v1+json";
        return registry.putManifest(repository, tag, mediaType, """
                {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":%d},\
                "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%d}]}""".formatted(
                        mediaType, configType, configDigest, CONFIG.length, layerDigest, LAYER.length));
    }

    @ParameterizedTest
    @EnumSource(FakeRegistry.Auth.class)
    void readsManifestConfigAndBlobWithEitherAuthScheme(FakeRegistry.Auth auth) throws IOException {
        registry = new FakeRegistry(auth);
        String digest = putImage("team/base-notebook", "2f3a9c1e", Manifest.DOCKER_MANIFEST);
        RegistryClient client = RegistryClient.create(registry.base(), CREDENTIALS);

        client.checkAccess();
        Manifest manifest = client.manifest("team/base-notebook", "2f3a9c1e");
        assertEquals(Manifest.DOCKER_MANIFEST, manifest.mediaType());
        assertEquals(digest, manifest.digest());
        assertFalse(manifest.isIndex());
        assertEquals(
                List.of(new Descriptor(
                        "application/vnd.oci.image.layer.v1.tar+gzip", FakeRegistry.sha256(LAYER), LAYER.length)),
                manifest.layers());

        JsonNode config = client.config("team/base-notebook", manifest);
        assertEquals(
                "primehub",
                config.path("config").path("Labels").path("built-by").asText());
        try (InputStream blob = client.blob("team/base-notebook", FakeRegistry.sha256(LAYER))) {
            assertArrayEquals(LAYER, blob.readAllBytes());
        }
        assertEquals(manifest, client.manifest("team/base-notebook", digest), "the same manifest by digest");
    }

    @Test
    void readsOciManifestAndTakesMediaTypeFromContentTypeWhenTheBodyOmitsIt() {
        registry = basicRegistry();
        String configDigest = registry.putBlob(CONFIG);
        registry.putManifest("team/app", "v1", Manifest.OCI_MANIFEST, """
                {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},\
                "layers":[]}""".formatted(configDigest, CONFIG.length));
        Manifest manifest = RegistryClient.create(registry.base(), CREDENTIALS).manifest("team/app", "v1");
        assertEquals(Manifest.OCI_MANIFEST, manifest.mediaType());
        assertEquals(configDigest, manifest.config().digest());
    }

    @Test
    void bearerTokenIsFetchedWithCredentialsAndReusedPerRepository() {
        registry = new FakeRegistry(FakeRegistry.Auth.BEARER);
        putImage("team/a", "v1", Manifest.OCI_MANIFEST);
        putImage("team/b", "v1", Manifest.OCI_MANIFEST);
        RegistryClient client = RegistryClient.create(registry.base(), CREDENTIALS);

        client.manifest("team/a", "v1");
        client.manifest("team/a", "v1");
        client.config("team/a", "v1");
        assertEquals(1, registry.tokenRequests(), "one token serves every request to a repository");
        client.manifest("team/b", "v1");
        assertEquals(2, registry.tokenRequests(), "another repository needs a token of its own scope");
        assertTrue(registry.tokenQueries.get(0).contains("scope=repository:team/a:pull"), registry.tokenQueries.get(0));
        assertTrue(registry.tokenQueries.get(0).contains("service=fake-registry"));
    }

    @Test
    void readsOciIndexAsAnIndexWithoutConfig() {
        registry = basicRegistry();
        String platform = putImage("team/multi", "amd64", Manifest.OCI_MANIFEST);
        registry.putManifest("team/multi", "latest", Manifest.OCI_INDEX, """
                {"schemaVersion":2,"mediaType":"%s","manifests":[{"mediaType":"%s","digest":"%s","size":10,\
                "platform":{"architecture":"amd64","os":"linux"}}]}""".formatted(
                        Manifest.OCI_INDEX, Manifest.OCI_MANIFEST, platform));
        RegistryClient client = RegistryClient.create(registry.base(), CREDENTIALS);
        Manifest index = client.manifest("team/multi", "latest");
        assertTrue(index.isIndex());
        assertNull(index.config());
        assertEquals(platform, index.manifests().get(0).digest());
        assertThrows(IllegalArgumentException.class, () -> client.config("team/multi", index));
        assertFalse(
                client.manifest("team/multi", index.manifests().get(0).digest()).isIndex());
    }

    @Test
    void blobRedirectIsFollowedWithoutTheRegistryAuthorization() throws IOException {
        registry = basicRegistry();
        String layer = registry.putBlob(LAYER);
        RegistryClient client = RegistryClient.create(registry.base(), CREDENTIALS);
        try (InputStream blob = client.blob("team/app", layer)) {
            assertArrayEquals(LAYER, blob.readAllBytes());
        }
        assertArrayEquals(LAYER, client.blobBytes("team/app", layer));
        assertEquals(List.of("null", "null"), registry.storageAuthorizations);
    }

    @ParameterizedTest
    @EnumSource(FakeRegistry.Auth.class)
    void wrongPasswordIsRefusedWithoutRepeatingIt(FakeRegistry.Auth auth) {
        registry = new FakeRegistry(auth);
        putImage("team/app", "v1", Manifest.OCI_MANIFEST);
        RegistryClient client =
                RegistryClient.create(registry.base(), new DockerAuth(FakeRegistry.USER, Secret.of("wrong-Pa55")));
        RegistryClientException e =
                assertThrows(RegistryClientException.class, () -> client.manifest("team/app", "v1"));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("user " + FakeRegistry.USER), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-Pa55"), e.getMessage());
    }

    @Test
    void anonymousClientIsRefusedByAProtectedRegistry() {
        registry = basicRegistry();
        RegistryClientException e = assertThrows(
                RegistryClientException.class,
                () -> RegistryClient.anonymous(registry.base()).checkAccess());
        assertEquals(401, e.status());
        assertEquals("GET /v2/: the registry refused access without credentials (basic challenge)", e.getMessage());
    }

    @Test
    void unknownManifestCarriesTheRegistryErrorCode() {
        registry = basicRegistry();
        RegistryClientException e = assertThrows(
                RegistryClientException.class,
                () -> RegistryClient.create(registry.base(), CREDENTIALS).manifest("team/app", "missing"));
        assertEquals(404, e.status());
        assertEquals(List.of("MANIFEST_UNKNOWN"), e.errorCodes());
        assertEquals("GET /v2/team/app/manifests/missing: 404 MANIFEST_UNKNOWN manifest unknown", e.getMessage());
    }

    @Test
    void unknownBlobStreamCarriesTheRegistryErrorCode() {
        registry = basicRegistry();
        RegistryClientException e = assertThrows(
                RegistryClientException.class,
                () -> RegistryClient.create(registry.base(), CREDENTIALS)
                        .blob("team/app", FakeRegistry.sha256(new byte[1])));
        assertEquals(List.of("BLOB_UNKNOWN"), e.errorCodes());
    }

    @Test
    void blobWhoseContentDoesNotMatchItsDigestIsRejected() {
        registry = basicRegistry();
        putImage("team/app", "v1", Manifest.OCI_MANIFEST);
        registry.corruptBlobs = true;
        RegistryClient client = RegistryClient.create(registry.base(), CREDENTIALS);
        RegistryClientException e = assertThrows(RegistryClientException.class, () -> client.config("team/app", "v1"));
        assertTrue(e.getMessage().contains("the content's digest is sha256:"), e.getMessage());
    }

    @Test
    void manifestWhoseAnnouncedDigestDiffersIsRejected() {
        registry = basicRegistry();
        putImage("team/app", "v1", Manifest.OCI_MANIFEST);
        registry.wrongDigestHeader = FakeRegistry.sha256(new byte[0]);
        RegistryClientException e = assertThrows(
                RegistryClientException.class,
                () -> RegistryClient.create(registry.base(), CREDENTIALS).manifest("team/app", "v1"));
        assertTrue(
                e.getMessage().contains("Docker-Content-Digest is " + FakeRegistry.sha256(new byte[0])),
                e.getMessage());
    }

    @Test
    void listsTagsAcrossPages() {
        registry = basicRegistry();
        for (String tag : List.of("a", "b", "c", "d", "e")) {
            putImage("team/app", tag, Manifest.OCI_MANIFEST);
        }
        assertEquals(
                List.of("a", "b", "c", "d", "e"),
                RegistryClient.create(registry.base(), CREDENTIALS).tags("team/app"));
    }

    @Test
    void rejectsRepositoriesAndReferencesThatAreNotPaths() {
        RegistryClient client = RegistryClient.anonymous(java.net.URI.create("http://127.0.0.1:1"));
        assertThrows(IllegalArgumentException.class, () -> client.manifest("Team/App", "v1"));
        assertThrows(IllegalArgumentException.class, () -> client.manifest("team/../app", "v1"));
        assertThrows(IllegalArgumentException.class, () -> client.manifest("team/app", "v1?x=y"));
        assertThrows(IllegalArgumentException.class, () -> client.manifest("team/app", "sha256:abc"));
        assertThrows(IllegalArgumentException.class, () -> client.blob("team/app", "md5:abc"));
    }

    @Test
    void forSettingsTalksHttpToAnInsecureRegistry() {
        RegistrySettings settings = RegistrySettings.load(ConfigSource.of(Map.of(
                RegistrySettings.FEATURE_KEY, "true",
                RegistrySettings.ENDPOINT_KEY, "127.0.0.1:5000",
                RegistrySettings.INSECURE_KEY, "true",
                RegistrySettings.USERNAME_KEY, "u",
                RegistrySettings.PASSWORD_KEY, "p",
                RegistrySettings.REPO_PREFIX_KEY, "127.0.0.1:5000/team")));
        assertEquals(
                java.net.URI.create("http://127.0.0.1:5000"),
                RegistryClient.forSettings(settings).base());
        assertThrows(IllegalStateException.class, () -> RegistryClient.forSettings(RegistrySettings.disabled()));
    }

    @ParameterizedTest
    @EnumSource(FakeRegistry.Auth.class)
    void logsNeitherPasswordNorToken(FakeRegistry.Auth auth) {
        registry = new FakeRegistry(auth);
        putImage("team/app", "v1", Manifest.OCI_MANIFEST);
        RegistryClient.create(registry.base(), CREDENTIALS).config("team/app", "v1");
        assertThrows(
                RegistryClientException.class,
                () -> RegistryClient.create(
                                registry.base(),
                                new DockerAuth(FakeRegistry.USER, Secret.of(FakeRegistry.PASSWORD + "x")))
                        .manifest("team/app", "v1"));

        List<String> logged =
                RecordedLogs.events().stream().map(RecordedLogs.Event::fullText).toList();
        assertFalse(logged.isEmpty(), "requests are logged at debug level");
        for (String line : logged) {
            assertFalse(line.contains(FakeRegistry.PASSWORD), line);
            assertFalse(line.contains("Basic "), line);
            registry.issuedTokens().forEach(token -> assertFalse(line.contains(token), line));
        }
    }

    /** The fake registry with Basic authentication, for tests about something else. */
    private static FakeRegistry basicRegistry() {
        return new FakeRegistry(FakeRegistry.Auth.BASIC);
    }
}
