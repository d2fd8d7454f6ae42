package io.primehub.imagebuilder.app.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code image-builder rebuild [-n NAMESPACE] NAME}: a fresh build of a spec's current revision. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Asks for a fresh build of an ImageSpec's current revision, as PrimeHub's console does: a later",
            "spec.updateTime. The controller then builds it again, even when the registry holds the image."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:asked", "1:no such spec, or the API server refused", "2:a name is not a Kubernetes name"})
final class RebuildCommand implements Callable<Integer> {

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
        try {
            operations.rebuild(cluster.namespace(), name);
        } catch (java.util.NoSuchElementException e) {
            main.context.err().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        main.context.out().println("imagespec " + cluster.namespace() + "/" + name + ": rebuild asked");
        return ExitCodes.OK;
    }
}
