package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * An operator's command about one ImageSpec ({@code describe}, {@code rebuild}, {@code cancel}): its name and the
 * namespace are checked first (exit 2), and a spec that is not there is an error that names it (exit 1).
 */
abstract class OneSpecCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "NAME", description = "The ImageSpec.")
    String name;

    @Override
    public final Integer call() {
        Integer refused = cluster.refuseInvalidNames(main.context, name);
        if (refused != null) {
            return refused;
        }
        ImageSpecOperations operations = cluster.operations(main.context);
        try {
            return run(operations, cluster.namespace());
        } catch (NoSuchElementException e) {
            main.context.err().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    /** Does the command's work on the spec {@link #name} in {@code namespace}; answers the exit status. */
    abstract int run(ImageSpecOperations operations, String namespace);
}
