package io.primehub.imagebuilder.registry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.RecipeDigest;
import io.primehub.imagebuilder.domain.port.BuiltImages.Lookup;
import io.primehub.imagebuilder.registry.ConfigSource;
import io.primehub.imagebuilder.registry.DockerConfigJson;
import io.primehub.imagebuilder.registry.RegistryBuiltImages;
import io.primehub.imagebuilder.registry.RegistrySettings;
import io.primehub.imagebuilder.registry.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RegistryBuiltImages#lookup} against a registry speaking the v2 API with Basic authentication: the answers a
 * controller acts on, from the tag's manifest and its config's recipe label, with the push secret's credential.
 */
class RegistryBuiltImagesLookupTest {

    private static final String RECIPE = "sha256:" + "a".repeat(64);
    private static final String WRONG_PASSWORD = "Wrong-Pa55-never-shown";

    private FakeRegistry registry;
    private RegistryBuiltImages images;
    private String host;

    @BeforeEach
    void startRegistry() {
        registry = new FakeRegistry(FakeRegistry.Auth.BASIC);
        host = registry.base().getAuthority();
        images = new RegistryBuiltImages(RegistrySettings.load(ConfigSource.of(Map.of(
                RegistrySettings.FEATURE_KEY,
                "true",
                RegistrySettings.ENDPOINT_KEY,
                "http://" + host,
                RegistrySettings.USERNAME_KEY,
                FakeRegistry.USER,
                RegistrySettings.PASSWORD_KEY,
                FakeRegistry.PASSWORD,
                RegistrySettings.REPO_PREFIX_KEY,
                host + "/team"))));
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private byte[] credential(String password) {
        return DockerConfigJson.forCredentials(host, FakeRegistry.USER, Secret.of(password));
    }

    private String putImage(String tag, String labels) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":" + labels + "}}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.putBlob(config);
        return registry.putManifest("team/spec", tag, Manifest.DOCKER_MANIFEST, """
                {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.docker.container.image.v1+json",\
                "digest":"%s","size":%d},"layers":[]}""".formatted(
                        Manifest.DOCKER_MANIFEST, configDigest, config.length));
    }

    @Test
    void anImageLabelledWithTheRecipeIsBuiltFromItAndNamesItsManifestDigest() {
        String digest = putImage("0123abcd", "{\"" + RecipeDigest.LABEL + "\":\"" + RECIPE + "\"}");
        assertEquals(
                new Lookup.BuiltFromRecipe(digest),
                images.lookup(host + "/team/spec:0123abcd", RECIPE, credential(FakeRegistry.PASSWORD)));
    }

    @Test
    void anImageOfAnotherRecipeOrWithoutTheLabelIsNotTrusted() {
        putImage("0123abcd", "{\"" + RecipeDigest.LABEL + "\":\"sha256:" + "b".repeat(64) + "\"}");
        putImage("unlabelled", "null");
        assertInstanceOf(
                Lookup.NotFromRecipe.class,
                images.lookup(host + "/team/spec:0123abcd", RECIPE, credential(FakeRegistry.PASSWORD)));
        assertInstanceOf(
                Lookup.NotFromRecipe.class,
                images.lookup(host + "/team/spec:unlabelled", RECIPE, credential(FakeRegistry.PASSWORD)));
    }

    @Test
    void aTagTheRegistryDoesNotHaveIsAbsent() {
        assertEquals(
                new Lookup.Absent(),
                images.lookup(host + "/team/spec:0123abcd", RECIPE, credential(FakeRegistry.PASSWORD)));
    }

    @Test
    void aRefusedCredentialIsUnknownAndItsPasswordIsNotInTheReason() {
        putImage("0123abcd", "{\"" + RecipeDigest.LABEL + "\":\"" + RECIPE + "\"}");
        Lookup lookup = images.lookup(host + "/team/spec:0123abcd", RECIPE, credential(WRONG_PASSWORD));
        Lookup.Unknown unknown = assertInstanceOf(Lookup.Unknown.class, lookup);
        assertTrue(unknown.why().contains("refused access as user " + FakeRegistry.USER), unknown.why());
        assertFalse(unknown.why().contains(WRONG_PASSWORD), unknown.why());
        assertInstanceOf(
                Lookup.Unknown.class,
                images.lookup(host + "/team/spec:0123abcd", RECIPE, null),
                "no credential at all: refused too");
    }

    @Test
    void anIndexIsNotABuildOfThisController() {
        String platform = putImage("amd64", "{\"" + RecipeDigest.LABEL + "\":\"" + RECIPE + "\"}");
        registry.putManifest("team/spec", "0123abcd", Manifest.OCI_INDEX, """
                {"schemaVersion":2,"mediaType":"%s","manifests":[{"mediaType":"%s","digest":"%s","size":10,\
                "platform":{"architecture":"amd64","os":"linux"}}]}""".formatted(
                        Manifest.OCI_INDEX, Manifest.DOCKER_MANIFEST, platform));
        assertInstanceOf(
                Lookup.NotFromRecipe.class,
                images.lookup(host + "/team/spec:0123abcd", RECIPE, credential(FakeRegistry.PASSWORD)));
    }
}
