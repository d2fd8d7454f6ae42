package io.primehub.imagebuilder.domain.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The revision of an image spec: which base and which packages it builds. Compatible with PrimeHub's
 * controller, so that jobs it made keep their names: the SHA-1 of the base image followed by
 * {@code ;apt:[a,b]}, {@code ;pip:[...]} and {@code ;conda:[...]} (each only when that list is non-empty,
 * items joined by commas in the given order), as lower-case hex, first 8 characters.
 */
public record Revision(String value) {

    public static final int LENGTH = 8;
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{" + LENGTH + "}");

    public Revision {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "a revision is " + LENGTH + " lower-case hex characters, not \"" + value + "\"");
        }
    }

    public static Revision of(String baseImage, Packages packages) {
        return new Revision(Sha1.hex(canonicalText(baseImage, packages)).substring(0, LENGTH));
    }

    /** The text that is hashed; exposed so that tests and tools can show what a revision covers. */
    public static String canonicalText(String baseImage, Packages packages) {
        StringBuilder text = new StringBuilder(baseImage);
        for (PackageManager manager : PackageManager.FIELD_ORDER) {
            if (packages.uses(manager)) {
                text.append(';')
                        .append(manager.fieldName())
                        .append(":[")
                        .append(String.join(",", packages.of(manager)))
                        .append(']');
            }
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
