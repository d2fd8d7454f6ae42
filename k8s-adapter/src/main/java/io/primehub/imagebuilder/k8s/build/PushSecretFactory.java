package io.primehub.imagebuilder.k8s.build;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The push secret of a namespace: a {@code kubernetes.io/dockerconfigjson} Secret made from the registry
 * settings. It is shared by every job of the namespace, so it has no owner; the controller keeps its
 * content equal to the settings.
 */
public final class PushSecretFactory {

    public static final String TYPE = "kubernetes.io/dockerconfigjson";
    public static final String KEY = ".dockerconfigjson";

    private PushSecretFactory() {}

    public static V1Secret secret(String namespace, String name, byte[] dockerConfigJson) {
        return new V1Secret()
                .metadata(new V1ObjectMeta()
                        .name(name)
                        .namespace(namespace)
                        .labels(new HashMap<>(Map.of(ImageSpecJob.APP_LABEL, ImageSpecJob.APP_LABEL_VALUE))))
                .type(TYPE)
                .data(new HashMap<>(Map.of(KEY, dockerConfigJson.clone())));
    }

    /** Whether this controller made the secret (and so may change it): it carries the controller's app label. */
    public static boolean isMadeByThisController(V1Secret existing) {
        Map<String, String> labels =
                existing.getMetadata() == null ? null : existing.getMetadata().getLabels();
        return labels != null && ImageSpecJob.APP_LABEL_VALUE.equals(labels.get(ImageSpecJob.APP_LABEL));
    }

    /** Whether an existing secret already holds exactly this content and type. */
    public static boolean matches(V1Secret existing, byte[] dockerConfigJson) {
        Map<String, byte[]> data = existing.getData();
        return TYPE.equals(existing.getType())
                && data != null
                && data.size() == 1
                && Arrays.equals(data.get(KEY), dockerConfigJson);
    }

    /** The docker config JSON a push secret holds, or null when it holds none. */
    public static byte[] content(V1Secret secret) {
        return secret.getData() == null ? null : secret.getData().get(KEY);
    }
}
