package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.reconcile.Condition;
import io.primehub.imagebuilder.domain.status.JobStatus;
import io.primehub.imagebuilder.domain.status.SpecStatus;
import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code image-builder describe [-n NAMESPACE] NAME}: a spec, its status, its jobs and its events. */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description = {
            "Shows an ImageSpec: what it asks for, its status and conditions, its jobs newest first and",
            "its events. Connects as kubectl does (KUBECONFIG, else ~/.kube/config, else in-cluster)."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:printed", "1:no such spec, or the API server refused", "2:a name is not a Kubernetes name"})
final class DescribeCommand extends OneSpecCommand {

    @Override
    int run(ImageSpecOperations operations, String namespace) {
        Optional<ImageSpec> spec = operations.read(namespace, name);
        if (spec.isEmpty()) {
            main.context.err().println("error: no ImageSpec " + namespace + "/" + name);
            return ExitCodes.FAILED;
        }
        SpecStatus status = operations.status(namespace, name).orElseThrow();
        List<JobStatus> jobs = operations.jobs(namespace, name);
        List<ImageSpecOperations.Event> events = operations.events(namespace, name);
        print(main.context.out(), spec.get(), status, jobs, events, Instant.now());
        main.context.out().flush();
        return ExitCodes.OK;
    }

    static void print(
            PrintStream out,
            ImageSpec spec,
            SpecStatus status,
            List<JobStatus> jobs,
            List<ImageSpecOperations.Event> events,
            Instant now) {
        out.println("Name:         " + spec.name());
        out.println("Namespace:    " + spec.namespace());
        out.println("Base image:   " + spec.baseImage());
        out.println("Pull secret:  " + orNone(spec.pullSecret()));
        out.println("Update time:  " + orNone(spec.updateTime()));
        out.println("Revision:     " + spec.revision().value());
        out.println("Packages:");
        out.println("  apt:    " + list(spec.packages().apt()));
        out.println("  pip:    " + list(spec.packages().pip()));
        out.println("  conda:  " + list(spec.packages().conda()));
        out.println("Status:");
        out.println("  Phase:  " + orNone(status.phase()));
        out.println("  Job:    " + orNone(status.jobName()));
        out.println("  Image:  " + orNone(status.image()));
        out.println("  Digest: " + orNone(status.imageDigest()));
        out.println("Conditions:");
        if (status.conditions().isEmpty()) {
            out.println("  <none>");
        } else {
            Table conditions = new Table("TYPE", "STATUS", "REASON", "SINCE", "MESSAGE");
            for (Condition condition : status.conditions()) {
                conditions.row(
                        condition.type(),
                        condition.status().wireName(),
                        condition.reason(),
                        Table.age(condition.lastTransitionTime(), now),
                        condition.message());
            }
            conditions.print(out, "  ");
        }
        out.println("Jobs (newest first):");
        if (jobs.isEmpty()) {
            out.println("  <none>");
        } else {
            Table table = new Table("NAME", "PHASE", "REASON", "POD", "STARTED", "FINISHED", "AGE");
            for (JobStatus job : jobs) {
                table.row(
                        job.name(),
                        job.phase(),
                        job.reason(),
                        job.podName(),
                        Table.age(job.startTime(), now),
                        Table.age(job.finishTime(), now),
                        Table.age(job.created(), now));
            }
            table.print(out, "  ");
        }
        out.println("Events:");
        if (events.isEmpty()) {
            out.println("  <none>");
        } else {
            Table table = new Table("AGE", "TYPE", "REASON", "COUNT", "MESSAGE");
            for (ImageSpecOperations.Event event : events) {
                table.row(
                        Table.age(event.time(), now),
                        event.type(),
                        event.reason(),
                        Integer.toString(event.count()),
                        event.message());
            }
            table.print(out, "  ");
        }
    }

    private static String list(List<String> items) {
        return items == null || items.isEmpty() ? "<none>" : String.join(", ", items);
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? "<none>" : value;
    }
}
