package io.primehub.imagebuilder.domain.model;

import java.util.Locale;
import java.util.Optional;

/**
 * How a built image's repository is named from its spec or Image.
 *
 * <p>PrimeHub names it after the spec alone ({@link #NAME}), so specs of the same name in two namespaces push to the
 * same repository, told apart only by the 8-hex revision in the tag: 32 bits, which a tenant who can write specs in
 * one namespace can match by trying recipes (about 2^32 SHA-1 computations for a chosen tag), and so overwrite
 * another namespace's image. {@link #NAMESPACE_NAME} puts the namespace in the repository name, so that a namespace
 * only ever pushes to its own repositories; use it where namespaces do not trust each other.
 */
public enum ImageNaming {

    /** {@code <name>}, as PrimeHub names it (the default). */
    NAME("name"),
    /** {@code <namespace>-<name>}: one set of repositories per namespace. */
    NAMESPACE_NAME("namespace-name");

    private final String wireName;

    ImageNaming(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The repository (the last part of the image name) of {@code name} in {@code namespace}. */
    public String repository(String namespace, String name) {
        return this == NAMESPACE_NAME && !namespace.isEmpty() ? namespace + "-" + name : name;
    }

    /** The naming that {@code text} names ({@code name} or {@code namespace-name}), if any. */
    public static Optional<ImageNaming> fromWire(String text) {
        for (ImageNaming naming : values()) {
            if (naming.wireName.equals(text.toLowerCase(Locale.ROOT))) {
                return Optional.of(naming);
            }
        }
        return Optional.empty();
    }
}
