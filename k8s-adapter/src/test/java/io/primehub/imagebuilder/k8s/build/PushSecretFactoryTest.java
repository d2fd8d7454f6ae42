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
}
