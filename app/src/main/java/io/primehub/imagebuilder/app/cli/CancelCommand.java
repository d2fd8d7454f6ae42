package io.primehub.imagebuilder.app.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code image-builder cancel [-n NAMESPACE] NAME}: cancels a spec's running build. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancels the newest job of an ImageSpec if it has not finished; the controller then stops its",
            "build pod. A finished build keeps its result."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:cancelled, or nothing was running (it says which)", "1:no such spec, or the API server"
            + " refused", "2:a name is not a Kubernetes name"})
final class CancelCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "NAME", description = "The ImageSpec.")
    String name;

    @Override
    public Integer call() {
        Optional<String> invalid = cluster.invalidName(name);
        if (invalid.isPresent()) {
            main.context.err().println("error: " + invalid.get());
            return ExitCodes.INVALID_INPUT;
        }
        var operations = cluster.operations(main.context);
        String where = cluster.namespace() + "/" + name;
        try {
            boolean cancelled = operations.cancel(cluster.namespace(), name);
            main.context.out().println("imagespec " + where + ": "
                    + (cancelled ? "its build is cancelled" : "no build is running; nothing to cancel"));
            return ExitCodes.OK;
        } catch (java.util.NoSuchElementException e) {
            main.context.err().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }
}
