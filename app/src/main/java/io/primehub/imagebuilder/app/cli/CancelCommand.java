package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import picocli.CommandLine.Command;

/** {@code image-builder cancel [-n NAMESPACE] NAME}: cancels a spec's running build. */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description = {
            "Cancels the newest job of an ImageSpec if it has not finished; the controller then stops its",
            "build pod. A finished build keeps its result."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:cancelled, or nothing was running (it says which)",
            "1:no such spec, or the API server" + " refused",
            "2:a name is not a Kubernetes name"
        })
final class CancelCommand extends OneSpecCommand {

    @Override
    int run(ImageSpecOperations operations, String namespace) {
        boolean cancelled = operations.cancel(namespace, name);
        main.context
                .out()
                .println("imagespec " + namespace + "/" + name + ": "
                        + (cancelled ? "its build is cancelled" : "no build is running; nothing to cancel"));
        return ExitCodes.OK;
    }
}
