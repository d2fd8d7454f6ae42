package io.primehub.imagebuilder.it.support;

import io.primehub.imagebuilder.app.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * One run of the jar's command line in this JVM, against a cluster: its exit status and what it printed.
 *
 * @param exit the exit status
 * @param out  standard output
 * @param err  standard error
 */
public record CliRun(int exit, String out, String err) {

    /** Runs {@code args} with {@code KUBECONFIG} set to {@code kubeconfig} and nothing else in the environment. */
    public static CliRun of(Path kubeconfig, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(
                args,
                new Main.CliContext(
                        InputStream.nullInputStream(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Map.of("KUBECONFIG", kubeconfig.toString()),
                        Path.of("")));
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
