package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.domain.status.JobStatus;
import io.primehub.imagebuilder.domain.status.SpecStatus;
import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code image-builder logs [-n NAMESPACE] [-f] NAME}: the build log of a spec's newest job, or of a job. */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the build log of an ImageSpec's newest job (or of the ImageSpecJob NAME): the live log",
            "while its build pod runs (empty while the build container waits to start), and the end of it that the",
            "controller kept (at most 64 KiB, secrets redacted) once the pod is gone. With -f, follows the live log",
            "until the build ends. Connects as kubectl does (KUBECONFIG, else ~/.kube/config, else in-cluster)."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:printed",
            "1:no such spec or job, no build pod and no kept log, or the API server refused",
            "2:the namespace or the name is not a Kubernetes name"
        })
final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    ClusterOptions cluster;

    @Option(
            names = {"-f", "--follow"},
            description = "Follow the live log until the build container ends.")
    boolean follow;

    @Parameters(
            paramLabel = "NAME",
            description =
                    "An ImageSpec (its newest job's log), or an ImageSpecJob as the spec's status.jobName names it.")
    String name;

    @Override
    public Integer call() {
        Integer refused = cluster.refuseInvalidNames(main.context, name);
        if (refused != null) {
            return refused;
        }
        try {
            ImageSpecOperations operations = cluster.operations(main.context);
            String namespace = cluster.namespace();
            String job = jobOf(operations, namespace, name);
            if (follow) {
                operations.followBuildLog(namespace, job, main.context.out());
            } else {
                main.context.out().print(operations.buildLog(namespace, job));
            }
            main.context.out().flush();
            return ExitCodes.OK;
        } catch (NoSuchElementException e) {
            main.context.err().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log", e);
        }
    }

    /** The spec's newest job when {@code name} is a spec, else {@code name} itself (a job). */
    static String jobOf(ImageSpecOperations operations, String namespace, String name) {
        Optional<SpecStatus> spec = operations.status(namespace, name);
        if (spec.isEmpty()) {
            return name;
        }
        if (!spec.get().jobName().isEmpty()) {
            return spec.get().jobName();
        }
        return operations.jobs(namespace, name).stream()
                .findFirst()
                .map(JobStatus::name)
                .orElseThrow(
                        () -> new NoSuchElementException("ImageSpec " + namespace + "/" + name + " has no job yet"));
    }
}
