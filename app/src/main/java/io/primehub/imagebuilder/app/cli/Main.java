package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.app.manifest.ManifestException;
import io.primehub.imagebuilder.domain.validation.InvalidImageSpecException;
import io.primehub.imagebuilder.domain.validation.Violation;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code image-builder} command line. */
@Command(
        name = "image-builder",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Declarative container-image building for PrimeHub: render, plan, build and run the controller.",
        subcommands = {
            RenderCommand.class,
            PlanCommand.class,
            BuildCommand.class,
            ApplyCommand.class,
            GetCommand.class,
            DescribeCommand.class,
            LogsCommand.class,
            RebuildCommand.class,
            CancelCommand.class,
            ControllerCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done",
            "1:failed (I/O error, failed build or push); the message says what",
            "2:invalid manifest or command line; every problem is printed to standard error",
            "3:invalid or incomplete configuration (registry settings, template)",
            "4:controller: this replica led and lost its leader Lease (its Deployment restarts it)"
        })
public final class Main {

    final CliContext context;

    Main(CliContext context) {
        this.context = context;
    }

    /** The standalone jar's Logback configuration, a classpath resource; {@code -Dlogback.configurationFile} wins. */
    static final String LOGGING_CONFIGURATION = "io/primehub/imagebuilder/app/logging/logback.xml";
    /** The same as JSON, one object a line ({@code PRIMEHUB_CUSTOM_IMAGE_LOG_FORMAT=json}). */
    static final String JSON_LOGGING_CONFIGURATION = "io/primehub/imagebuilder/app/logging/logback-json.xml";
    /** Chooses the log format; read from the environment only, as the logging starts before any setting is read. */
    static final String LOG_FORMAT = "PRIMEHUB_CUSTOM_IMAGE_LOG_FORMAT";

    public static void main(String[] args) {
        // Before any logger exists. Not a logback.xml at the classpath's root: that would configure an embedding
        // service's logging too.
        if (System.getProperty("logback.configurationFile") == null) {
            Optional<String> configuration = loggingConfiguration(System.getenv(LOG_FORMAT));
            if (configuration.isEmpty()) {
                System.err.println("error: invalid configuration:\n  " + LOG_FORMAT + ": must be text or json, not '"
                        + System.getenv(LOG_FORMAT) + "'");
                System.exit(ExitCodes.INVALID_CONFIGURATION);
            }
            System.setProperty("logback.configurationFile", configuration.get());
        }
        System.exit(run(args, CliContext.system()));
    }

    /** The Logback configuration for a {@value #LOG_FORMAT} ({@code text}, the default, or {@code json}); empty for any other. */
    static Optional<String> loggingConfiguration(String format) {
        if (format == null || format.isBlank() || format.strip().equalsIgnoreCase("text")) {
            return Optional.of(LOGGING_CONFIGURATION);
        }
        return format.strip().equalsIgnoreCase("json") ? Optional.of(JSON_LOGGING_CONFIGURATION) : Optional.empty();
    }

    /** Runs the command line with the given streams and environment, and returns the exit status. */
    public static int run(String[] args, CliContext context) {
        PrintWriter out = new PrintWriter(context.out(), true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(context.err(), true, StandardCharsets.UTF_8);
        CommandLine commandLine = new CommandLine(new Main(context))
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> report(e, err))
                .setParameterExceptionHandler((e, args1) -> {
                    err.println("error: " + e.getMessage());
                    e.getCommandLine().usage(err);
                    return ExitCodes.INVALID_INPUT;
                });
        return commandLine.execute(args);
    }

    /** One place where failures become messages and exit statuses. */
    static int report(Exception e, PrintWriter err) {
        if (e instanceof ManifestException manifest) {
            err.println("error: invalid manifest:");
            manifest.problems().forEach(problem -> err.println("  " + problem));
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof InvalidImageSpecException invalid) {
            err.println("error: invalid image spec (" + invalid.violations().size() + " "
                    + (invalid.violations().size() == 1 ? "problem" : "problems") + "):");
            for (Violation violation : invalid.violations()) {
                err.println("  " + violation);
            }
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof picocli.CommandLine.ParameterException parameter) {
            err.println("error: " + parameter.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof ConfigurationProblem config) {
            err.println("error: " + config.getMessage());
            return ExitCodes.INVALID_CONFIGURATION;
        }
        if (e instanceof UncheckedIOException io) {
            err.println("error: " + io.getMessage());
            return ExitCodes.FAILED;
        }
        err.println("error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        return ExitCodes.FAILED;
    }

    /** Streams, environment and working directory of one run; tests pass their own. */
    public record CliContext(
            InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path workingDirectory) {

        public static CliContext system() {
            return new CliContext(
                    System.in,
                    System.out,
                    System.err,
                    System.getenv(),
                    Path.of("").toAbsolutePath());
        }
    }
}
