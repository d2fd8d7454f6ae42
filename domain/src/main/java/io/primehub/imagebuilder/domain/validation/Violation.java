package io.primehub.imagebuilder.domain.validation;

import java.util.Objects;

/**
 * One problem with one field: where it is ({@code spec.packages.pip[2]}) and why it was refused.
 *
 * @param field  the field path, as in the resource
 * @param reason what is wrong, for people, including the offending value printed safely
 */
public record Violation(String field, String reason) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }

    /** A violation that names the value: {@code field: "value" reason}. */
    public static Violation of(String field, String value, String reason) {
        return new Violation(field, Quoting.forMessage(value) + " " + reason);
    }

    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
