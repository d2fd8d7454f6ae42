package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code image-builder get [-n NAMESPACE | -A] [NAME]}: a table of specs. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "Lists ImageSpecs as a table: name, phase, revision (the hash that names its job), image and",
            "age. Connects as kubectl does (KUBECONFIG, else ~/.kube/config, else in-cluster)."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:printed (an empty namespace prints the header only)",
            "1:NAME is not there, or the API" + " server refused",
            "2:a name is not a Kubernetes name"
        })
final class GetCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    ClusterOptions cluster;

    @Option(
            names = {"-A", "--all-namespaces"},
            description = "Every namespace's specs.")
    boolean allNamespaces;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "One spec only.")
    String name;

    @Override
    public Integer call() {
        Integer refused = name == null
                ? cluster.refuseInvalidNames(main.context)
                : cluster.refuseInvalidNames(main.context, name);
        if (refused != null) {
            return refused;
        }
        ImageSpecOperations operations = cluster.operations(main.context);
        List<ImageSpecOperations.Summary> specs = operations.list(allNamespaces ? "" : cluster.namespace()).stream()
                .filter(spec -> name == null || spec.name().equals(name))
                .toList();
        if (name != null && specs.isEmpty()) {
            main.context
                    .err()
                    .println("error: no ImageSpec " + (allNamespaces ? "" : cluster.namespace() + "/") + name);
            return ExitCodes.FAILED;
        }
        Instant now = Instant.now();
        Table table = allNamespaces
                ? new Table("NAMESPACE", "NAME", "PHASE", "REVISION", "IMAGE", "AGE")
                : new Table("NAME", "PHASE", "REVISION", "IMAGE", "AGE");
        for (ImageSpecOperations.Summary spec : specs) {
            String age = Table.age(spec.created(), now);
            if (allNamespaces) {
                table.row(spec.namespace(), spec.name(), spec.phase(), spec.revision(), spec.image(), age);
            } else {
                table.row(spec.name(), spec.phase(), spec.revision(), spec.image(), age);
            }
        }
        table.print(main.context.out(), "");
        main.context.out().flush();
        return ExitCodes.OK;
    }
}
