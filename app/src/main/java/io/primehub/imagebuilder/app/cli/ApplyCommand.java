package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code image-builder apply -f spec.yaml}: validates a spec here, then creates or updates it. */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = {
            "Validates an ImageSpec manifest here, reporting every problem at once, then creates it or",
            "merges its fields into the spec the cluster has. -n sets the namespace of a manifest that names none."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:applied",
            "1:the API server refused",
            "2:invalid manifest or spec: every problem is printed," + " and nothing is sent"
        })
final class ApplyCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    ManifestInput input;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        ImageSpec read = input.read(main.context.in());
        Integer refused = cluster.refuseInvalidNames(main.context);
        if (refused != null) {
            return refused;
        }
        if (cluster.namespace != null
                && !read.namespace().isEmpty()
                && !read.namespace().equals(cluster.namespace)) {
            main.context
                    .err()
                    .println("error: the manifest's namespace " + read.namespace() + " is not the one -n asks for ("
                            + cluster.namespace + ")");
            return ExitCodes.INVALID_INPUT;
        }
        ImageSpecValidator.validate(read); // every problem at once (exit 2), before anything is sent
        var operations = cluster.operations(main.context);
        String namespace = read.namespace().isEmpty() ? cluster.namespace() : read.namespace();
        ImageSpec spec = new ImageSpec(
                namespace, read.name(), read.baseImage(), read.pullSecret(), read.packages(), read.updateTime());
        operations.apply(spec);
        main.context.out().println("imagespec " + namespace + "/" + spec.name() + " applied");
        return ExitCodes.OK;
    }
}
