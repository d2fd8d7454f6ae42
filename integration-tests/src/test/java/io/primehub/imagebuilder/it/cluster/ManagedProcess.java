package io.primehub.imagebuilder.it.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process of the control plane, its output in a log file. It never outlives the test JVM: {@link #close()}
 * stops it (SIGTERM, then SIGKILL after its grace period), and a watchdog ({@code tail --pid}) signals it should the
 * JVM die without running its shutdown hooks (SIGKILL, a crash): SIGKILL, or SIGTERM for a process that cleans up after
 * itself when told to stop ({@link #startTerminable}).
 */
final class ManagedProcess implements AutoCloseable {

    private static final long GRACE_SECONDS = 10;

    private final String name;
    private final Process process;
    private final Process watchdog;
    private final Path log;
    private final long graceSeconds;

    private ManagedProcess(String name, Process process, Process watchdog, Path log, long graceSeconds) {
        this.name = name;
        this.process = process;
        this.watchdog = watchdog;
        this.log = log;
        this.graceSeconds = graceSeconds;
    }

    /** The server's process, for figures about it (CPU, memory) while it runs. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    static ManagedProcess start(String name, List<String> command, Path log) {
        return start(name, command, log, "KILL", GRACE_SECONDS);
    }

    /**
     * A process that tears down what it made when it gets SIGTERM, and needs up to {@code graceSeconds} for that: the
     * watchdog sends it SIGTERM, not SIGKILL, when the JVM dies.
     */
    static ManagedProcess startTerminable(String name, List<String> command, Path log, long graceSeconds) {
        return start(name, command, log, "TERM", graceSeconds);
    }

    private static ManagedProcess start(String name, List<String> command, Path log, String signal, long graceSeconds) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return new ManagedProcess(name, process, watchdog(process.pid(), signal), log, graceSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    private static Process watchdog(long child, String signal) throws IOException {
        String script = "tail --pid=\"$1\" -f /dev/null; kill -" + signal + " \"$2\" 2>/dev/null";
        return new ProcessBuilder(
                        "/bin/sh",
                        "-c",
                        script,
                        "primehub-it-watchdog",
                        Long.toString(ProcessHandle.current().pid()),
                        Long.toString(child))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    String name() {
        return name;
    }

    /** Throws, with the end of its log, when the process has exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; the end of its log ("
                    + log + "):\n" + logTail(40));
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        stopWatchdog();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void stopWatchdog() {
        List<ProcessHandle> tail = watchdog.descendants().toList();
        watchdog.destroyForcibly();
        try {
            watchdog.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tail.forEach(ProcessHandle::destroyForcibly);
    }
}
