package io.primehub.imagebuilder.registry;

import java.util.List;

/**
 * The registry settings are wrong. {@link #problems()} lists every problem found, each starting with the key
 * it is about; none of them contains the password.
 */
public class RegistrySettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public RegistrySettingsException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a settings exception needs at least one problem");
        }
        return "Invalid custom image registry settings (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n  - " + String.join("\n  - ", problems);
    }
}
