package io.primehub.imagebuilder.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The integration-tests module's shell scripts under {@code build/} and {@code k8s/}, found where the tests run from. */
public final class ModuleScripts {

    /** Provisioning is cached; a cold run (debootstrap, a Go build) takes minutes on a busy machine. */
    private static final Duration PROVISION_TIMEOUT = Duration.ofMinutes(15);

    /** The module folder (Maven runs the tests there) and the repository root (an IDE may). */
    private static final List<Path> ROOTS = List.of(Path.of(""), Path.of("integration-tests"));

    private ModuleScripts() {}

    /** The executable {@code build/<name>}; fails naming the working folder when there is none. */
    public static Path find(String name) {
        return find("build", name);
    }

    /** The executable {@code <folder>/<name>}; fails naming the working folder when there is none. */
    public static Path find(String folder, String name) {
        return ROOTS.stream()
                .map(root -> root.resolve(folder).resolve(name))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no " + folder + "/" + name + " under " + Path.of("").toAbsolutePath()));
    }

    /**
     * Runs {@code <folder>/<name> args...}, a provisioning script that caches what it makes and prints, as its last
     * line on stdout, where that is; returns that line. Its messages go to this process's stderr. Fails, with
     * {@code hint}, when it fails or does not finish within 15 minutes.
     */
    public static String provision(String folder, String name, String hint, String... args) {
        List<String> command =
                new ArrayList<>(List.of("bash", find(folder, name).toString()));
        command.addAll(List.of(args));
        Commands.Result run = Commands.runShowingMessages(command, Map.of(), PROVISION_TIMEOUT);
        List<String> lines = run.output().lines().toList();
        if (run.exit() != 0 || lines.isEmpty()) {
            throw new IllegalStateException(
                    name + " failed with exit code " + run.exit() + " (its messages are above); " + hint);
        }
        return lines.get(lines.size() - 1).strip();
    }
}
