package io.primehub.imagebuilder.app.manifest;

import java.util.List;

/** A manifest that is not an {@code ImageSpec} as {@code kubectl} would accept it, with every problem found. */
public final class ManifestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public ManifestException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
