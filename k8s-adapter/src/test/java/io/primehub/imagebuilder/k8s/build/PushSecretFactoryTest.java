package io.primehub.imagebuilder.k8s.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PushSecretFactoryTest {

    private static final byte[] CONFIG = "{\"auths\":{}}".getBytes(StandardCharsets.UTF_8);

    /** What is sent, field by field: a fixed body, not the factory's output read back by the factory. */
    @Test
    void makesADockerConfigJsonSecret() {
        V1Secret secret = PushSecretFactory.secret("hub", "push", CONFIG);

        assertEquals(JsonParser.parseString("""
                {"metadata": {"name": "push", "namespace": "hub", "labels": {"app": "primehub-custom-image"}},
                 "type": "kubernetes.io/dockerconfigjson",
                 "data": {".dockerconfigjson": "eyJhdXRocyI6e319"}}
                """), withoutEmpty(JsonParser.parseString(JSON.serialize(secret))));
    }

    /**
     * The JSON without the empty maps and lists that the client's models start with ({@code "annotations": {}},
     * {@code "stringData": {}}): on a create they mean what absence means.
     */
    private static JsonElement withoutEmpty(JsonElement element) {
        if (element.isJsonObject()) {
            JsonObject kept = new JsonObject();
            element.getAsJsonObject().entrySet().forEach(entry -> {
                JsonElement value = withoutEmpty(entry.getValue());
                if (!((value.isJsonObject() && value.getAsJsonObject().isEmpty())
                        || (value.isJsonArray() && value.getAsJsonArray().isEmpty()))) {
                    kept.add(entry.getKey(), value);
                }
            });
            return kept;
        }
        return element;
    }

    /** As the API server returns one: the same content and type match; another type or a second key does not. */
    @Test
    void matchesOnlyASecretOfTheSameTypeWithExactlyThatContent() {
        String read = """
                {"apiVersion": "v1", "kind": "Secret",
                 "metadata": {"name": "push", "namespace": "hub", "resourceVersion": "7", "uid": "u1",
                   "labels": {"app": "primehub-custom-image"}},
                 "type": "%s", "data": {%s}}
                """;
        String content = "\".dockerconfigjson\": \"eyJhdXRocyI6e319\"";

        assertTrue(PushSecretFactory.matches(
                JSON.deserialize(read.formatted(PushSecretFactory.TYPE, content), V1Secret.class), CONFIG));
        assertFalse(
                PushSecretFactory.matches(JSON.deserialize(read.formatted("Opaque", content), V1Secret.class), CONFIG));
        assertFalse(PushSecretFactory.matches(
                JSON.deserialize(
                        read.formatted(PushSecretFactory.TYPE, content + ", \"extra\": \"eA==\""), V1Secret.class),
                CONFIG));
        assertFalse(PushSecretFactory.matches(
                JSON.deserialize(read.formatted(PushSecretFactory.TYPE, ""), V1Secret.class), CONFIG));
    }

    @Test
    void seesWhenTheSettingsChanged() {
        V1Secret secret = PushSecretFactory.secret("hub", "push", CONFIG);
        assertFalse(PushSecretFactory.matches(secret, "{\"auths\":{\"x\":{}}}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyASecretWithTheControllersLabelIsItsToChange() {
        assertTrue(PushSecretFactory.isMadeByThisController(PushSecretFactory.secret("hub", "push", CONFIG)));
        // PrimeHub's chart makes its push secret without labels.
        V1Secret chart = new V1Secret()
                .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta().name("push"))
                .type(PushSecretFactory.TYPE);
        assertFalse(PushSecretFactory.isMadeByThisController(chart));
        chart.getMetadata().setLabels(java.util.Map.of("app", "something-else"));
        assertFalse(PushSecretFactory.isMadeByThisController(chart));
    }
}
