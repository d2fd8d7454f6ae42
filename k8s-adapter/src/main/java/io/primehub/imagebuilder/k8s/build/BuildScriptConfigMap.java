package io.primehub.imagebuilder.k8s.build;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The build script's ConfigMap: one per namespace where build pods run and per script content, shared by every build
 * pod there. Its name ends with the digest of the content, so a controller of another version (with another script)
 * makes its own beside it, and the name alone says whether the content is the one wanted. A build's own input, its
 * Dockerfile, is not here but in its pod ({@link BuildPodFactory#DOCKERFILE_ANNOTATION}).
 */
public final class BuildScriptConfigMap {

    /** The key of the script, which the pod mounts as {@code build-image.sh}. */
    public static final String KEY = "build-image.sh";

    public static final String NAME_PREFIX = "primehub-image-builder-script-";
    /** Labels that find every script ConfigMap, of every version. */
    public static final Map<String, String> LABELS = Map.of(
            "app.kubernetes.io/name", "primehub-image-builder",
            "app.kubernetes.io/component", "build-script");

    private BuildScriptConfigMap() {}

    /** {@value #NAME_PREFIX} and the first 16 hex digits of the SHA-256 of {@code script}. */
    public static String name(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return NAME_PREFIX + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The ConfigMap of {@code script} in {@code namespace}, owned by nothing (every build pod there mounts it). */
    public static V1ConfigMap configMap(String namespace, String script) {
        return new V1ConfigMap()
                .metadata(new V1ObjectMeta()
                        .name(name(script))
                        .namespace(namespace)
                        .labels(LABELS))
                .data(Map.of(KEY, script));
    }
}
