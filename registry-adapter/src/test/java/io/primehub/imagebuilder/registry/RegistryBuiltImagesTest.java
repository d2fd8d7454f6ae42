package io.primehub.imagebuilder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.primehub.imagebuilder.domain.model.RecipeDigest;
import io.primehub.imagebuilder.domain.port.BuiltImages.Lookup;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryBuiltImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECIPE = "sha256:" + "a".repeat(64);
    private static final String MANIFEST = "sha256:" + "b".repeat(64);

    @Test
    void anImageLabelledWithTheRecipesDigestWasBuiltFromIt() {
        Lookup verdict =
                RegistryBuiltImages.verdict(config(Map.of(RecipeDigest.LABEL, RECIPE, "other", "x")), MANIFEST, RECIPE);
        assertEquals(new Lookup.BuiltFromRecipe(MANIFEST), verdict, "the manifest's digest, not the recipe's");
    }

    @Test
    void anImageWithoutTheLabelOrWithAnotherRecipesIsNotTrusted() {
        assertInstanceOf(Lookup.NotFromRecipe.class, RegistryBuiltImages.verdict(config(Map.of()), MANIFEST, RECIPE));
        assertInstanceOf(
                Lookup.NotFromRecipe.class,
                RegistryBuiltImages.verdict(
                        config(Map.of(RecipeDigest.LABEL, "sha256:" + "c".repeat(64))), MANIFEST, RECIPE));
        assertInstanceOf(
                Lookup.NotFromRecipe.class,
                RegistryBuiltImages.verdict(JSON.createObjectNode().put("architecture", "amd64"), MANIFEST, RECIPE),
                "a config with no labels");
    }

    @Test
    void aRegistryThatCannotBeReachedOrANameThatIsNoReferenceIsUnknownNotAnError() {
        RegistryBuiltImages images = new RegistryBuiltImages(RegistrySettings.load(ConfigSource.of(Map.of(
                RegistrySettings.FEATURE_KEY, "true",
                RegistrySettings.ENDPOINT_KEY, "http://127.0.0.1:9",
                RegistrySettings.USERNAME_KEY, "builder",
                RegistrySettings.PASSWORD_KEY, "s3cret",
                RegistrySettings.REPO_PREFIX_KEY, "127.0.0.1:9/team"))));
        byte[] credential = DockerConfigJson.forCredentials("127.0.0.1:9", "builder", Secret.of("s3cret"));
        Lookup.Unknown down = assertInstanceOf(
                Lookup.Unknown.class, images.lookup("127.0.0.1:9/team/spec:0123abcd", RECIPE, credential));
        assertTrue(down.why().contains("127.0.0.1:9"), down.why());
        assertInstanceOf(Lookup.Unknown.class, images.lookup("not a reference", RECIPE, credential));
        assertInstanceOf(Lookup.Unknown.class, images.lookup("127.0.0.1:9/team/spec", RECIPE, credential), "no tag");
    }

    private static JsonNode config(Map<String, String> labels) {
        var node = JSON.createObjectNode();
        var labelNode = node.putObject("config").putObject("Labels");
        labels.forEach(labelNode::put);
        return node;
    }
}
