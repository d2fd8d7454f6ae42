package io.primehub.imagebuilder.k8s.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PushSecretFactoryTest {

    private static final byte[] CONFIG = "{\"auths\":{}}".getBytes(StandardCharsets.UTF_8);

    @Test
    void makesADockerConfigJsonSecret() {
        V1Secret secret = PushSecretFactory.secret("hub", "push", CONFIG);
        assertEquals("kubernetes.io/dockerconfigjson", secret.getType());
        assertEquals("push", secret.getMetadata().getName());
        assertEquals("primehub-custom-image", secret.getMetadata().getLabels().get("app"));
        assertTrue(PushSecretFactory.matches(secret, CONFIG));
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
