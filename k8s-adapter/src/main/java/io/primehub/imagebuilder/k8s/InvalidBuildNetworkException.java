package io.primehub.imagebuilder.k8s;

import java.util.List;

/**
 * {@link BuildNetwork} settings that cannot be used. {@link #problems()} lists every problem, each starting with its
 * setting's key; none shows a value that may hold a credential.
 */
public class InvalidBuildNetworkException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidBuildNetworkException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid build network needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
