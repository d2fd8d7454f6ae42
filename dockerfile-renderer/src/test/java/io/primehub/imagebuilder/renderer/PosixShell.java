package io.primehub.imagebuilder.renderer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs text through the real /bin/sh, the shell a Dockerfile's RUN instruction uses. */
final class PosixShell {

    static final String SHELL = "/bin/sh";

    /** Exit status and output of one run. */
    @SuppressWarnings("ArrayRecordComponent") // the shell's bytes, compared byte for byte; no Result is compared
    record Result(int status, byte[] out, String err) {

        String outText() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    private PosixShell() {}

    /** {@code sh -c command}, exactly as Docker runs a RUN instruction's shell form, with only {@code env} set. */
    static Result runCommand(String command, Map<String, String> env, Path workDir) {
        return run(List.of(SHELL, "-c", command), new byte[0], env, workDir);
    }

    /** A script given on standard input as UTF-8, so that no argument encoding stands between the text and the shell. */
    static Result runScript(String script) {
        return run(
                List.of(SHELL, "-s"), script.getBytes(StandardCharsets.UTF_8), Map.of("PATH", "/usr/bin:/bin"), null);
    }

    private static Result run(List<String> argv, byte[] stdin, Map<String, String> env, Path workDir) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(env);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        try {
            Process process = builder.start();
            CompletableFuture<byte[]> out = readAll(process.getInputStream());
            CompletableFuture<byte[]> err = readAll(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            }
            // A safety net against a hung process, not a measurement: these scripts finish at once.
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the shell did not finish: " + argv);
            return new Result(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + argv, e);
        }
    }

    private static CompletableFuture<byte[]> readAll(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
