package io.primehub.imagebuilder.domain.validation;

import java.util.List;
import java.util.stream.Collectors;

/** An image spec that cannot be built, with every problem found, each with its field path and reason. */
public final class InvalidImageSpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public InvalidImageSpecException(List<Violation> violations) {
        super(describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid spec has at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        return violations.size() + (violations.size() == 1 ? " problem" : " problems") + " in the image spec:\n"
                + violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n"));
    }
}
