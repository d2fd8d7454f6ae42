package io.primehub.imagebuilder.app.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The push credential's file is gone when {@code build} is stopped by SIGTERM or SIGINT, not only when it ends by
 * itself: a real JVM runs a build whose stand-in {@code buildah} never ends, and is sent the signal.
 */
class LocalBuildSignalTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalStopsTheBuildAndRemovesTheAuthFile(String signal) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path report = dir.resolve("stand-in-report");
        Path buildah = bin.resolve("buildah");
        // It reports the auth file it was pointed at and its own process id, then waits far longer than the test.
        Files.writeString(buildah, """
                #!/bin/sh
                printf '%s\\n%s\\n' "$PUSH_AUTH_FILE" "$$" >"$STAND_IN_REPORT.part"
                mv "$STAND_IN_REPORT.part" "$STAND_IN_REPORT"
                exec sleep 300
                """);
        Files.setPosixFilePermissions(buildah, PosixFilePermissions.fromString("rwx------"));

        // env resets SIGINT to its default: a JVM started with SIGINT ignored (a background job) keeps ignoring it.
        Process jvm = new ProcessBuilder(
                        "env",
                        "--default-signal=INT",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.io.tmpdir=" + tmp,
                        "-cp",
                        System.getProperty("java.class.path"),
                        BuildStoppedBySignal.class.getName(),
                        bin.toString(),
                        report.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("jvm-output").toFile())
                .start();
        try {
            assertTrue(eventually(() -> Files.exists(report)), "the stand-in buildah started: " + output());
            List<String> reported = Files.readAllLines(report);
            Path authFile = Path.of(reported.get(0));
            ProcessHandle tool =
                    ProcessHandle.of(Long.parseLong(reported.get(1))).orElseThrow();
            assertTrue(authFile.startsWith(tmp), authFile.toString());
            assertTrue(Files.isRegularFile(authFile), "the auth file exists while the build runs");

            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-" + signal, Long.toString(jvm.pid()))
                            .start()
                            .waitFor());

            assertTrue(jvm.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the JVM ended on SIG" + signal);
            assertFalse(Files.exists(authFile), "the auth file is removed: " + output());
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(List.of(), left.toList(), "the build folder is removed");
            }
            assertTrue(eventually(() -> !tool.isAlive()), "the running tool is stopped too");
            assertFalse(output().contains("the build ended by itself"), output());
        } finally {
            jvm.destroyForcibly();
            Optional.ofNullable(readPid(report)).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("jvm-output"));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static Long readPid(Path report) {
        try {
            return Long.parseLong(Files.readAllLines(report).get(1));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
