package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import picocli.CommandLine.Command;

/** {@code image-builder rebuild [-n NAMESPACE] NAME}: a fresh build of a spec's current revision. */
@Command(
        name = "rebuild",
        mixinStandardHelpOptions = true,
        description = {
            "Asks for a fresh build of an ImageSpec's current revision, as PrimeHub's console does: a later",
            "spec.updateTime. The controller then builds it again, even when the registry holds the image."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:asked", "1:no such spec, or the API server refused", "2:a name is not a Kubernetes name"})
final class RebuildCommand extends OneSpecCommand {

    @Override
    int run(ImageSpecOperations operations, String namespace) {
        operations.rebuild(namespace, name);
        main.context.out().println("imagespec " + namespace + "/" + name + ": rebuild asked");
        return ExitCodes.OK;
    }
}
