package io.primehub.imagebuilder.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool to its end as a test does: no input, standard output and error together (in a file, so that a tool
 * that prints much never blocks on a full pipe), a time limit after which it and its children are killed and the test
 * fails.
 */
public final class Commands {

    /** What a tool did: its exit code and everything it printed. */
    public record Result(List<String> command, int exit, String output) {

        /** Fails, with the output, unless the tool ended with exit code 0; returns the output. */
        public String expectSuccess() {
            assertEquals(0, exit, () -> String.join(" ", command) + " failed; it printed:\n" + output);
            return output;
        }
    }

    private Commands() {}

    /** Runs {@code command} with this JVM's environment plus {@code env}; its output is stdout and stderr together. */
    public static Result run(List<String> command, Map<String, String> env, Duration limit) {
        return run(command, env, limit, false);
    }

    /**
     * As {@link #run}, but the tool's stderr goes to this process's as it is written (a provisioning script's
     * progress), and the output is stdout alone.
     */
    public static Result runShowingMessages(List<String> command, Map<String, String> env, Duration limit) {
        return run(command, env, limit, true);
    }

    private static Result run(List<String> command, Map<String, String> env, Duration limit, boolean showMessages) {
        Path output = null;
        try {
            output = Files.createTempFile("command", ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (showMessages) {
                builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            } else {
                builder.redirectErrorStream(true);
            }
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                fail(String.join(" ", command) + " did not end within " + limit + "; it printed:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a leftover temp file must not hide the result
                }
            }
        }
    }

    /** {@link #run}, failing unless the tool succeeded; returns what it printed. */
    public static String succeed(List<String> command, Map<String, String> env, Duration limit) {
        return run(command, env, limit).expectSuccess();
    }
}
