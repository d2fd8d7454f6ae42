package io.primehub.imagebuilder.domain.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SHA-256 of everything an image is built from: which resource asks for it (kind, namespace and name), its base
 * image, its packages, and the Dockerfile rendered from them (so the template too). A build writes it into the image
 * as the label {@link #LABEL}; before a job's first build the controller reads that label from the image already
 * under the job's tag, and skips the build only when it is this very digest. An image that someone else pushed under
 * the tag has no such label, or another one, and is rebuilt.
 *
 * <p>The text hashed is a sequence of {@code key <length>:<value>} lines (lengths in UTF-8 bytes), so no two recipes
 * give the same text. Its first line names the format: a change of what is hashed changes it, and every image built
 * before is rebuilt once.
 */
public final class RecipeDigest {

    /** The image label that holds the digest of the recipe an image was built from. */
    public static final String LABEL = "io.primehub.image-builder.recipe";

    static final String FORMAT = "primehub-image-builder recipe v1";
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private RecipeDigest() {}

    /** The digest of {@code job}'s recipe when built with {@code dockerfile}: {@code sha256:<64 hex>}. */
    public static String of(ImageSpecJob job, String dockerfile) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(dockerfile, "dockerfile");
        StringBuilder text = new StringBuilder(FORMAT).append('\n');
        field(text, "kind", job.origin().ownerKind());
        field(text, "namespace", job.namespace());
        field(text, "name", job.specName());
        field(text, "baseImage", job.baseImage());
        // Any fixed order would do; this one has always been used, and changing it would change every digest.
        for (PackageManager manager : PackageManager.LAYER_ORDER) {
            List<String> packages = job.packages().of(manager);
            field(text, manager.fieldName(), Integer.toString(packages.size()));
            packages.forEach(p -> field(text, manager.fieldName() + "[]", p));
        }
        field(text, "dockerfile", dockerfile);
        return "sha256:" + sha256(text.toString());
    }

    /** Whether {@code text} has the shape of a recipe digest. */
    public static boolean isDigest(String text) {
        return text != null && DIGEST.matcher(text).matches();
    }

    private static void field(StringBuilder text, String key, String value) {
        text.append(key)
                .append(' ')
                .append(value.getBytes(StandardCharsets.UTF_8).length)
                .append(':')
                .append(value)
                .append('\n');
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
