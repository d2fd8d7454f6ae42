package io.primehub.imagebuilder.it.e2e;

import io.kubernetes.client.openapi.models.V1Container;
import io.primehub.imagebuilder.it.support.ContainerCommand;
import io.primehub.imagebuilder.it.support.PodFileSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The build container's command ({@link ContainerCommand}) running on this machine in a {@link PodFileSystem}, with
 * standard output and error interleaved in one log, as a container runtime keeps them: waited for and stopped as
 * the kubelet does.
 */
final class ContainerProcess {

    private final Process process;
    private final Path log;

    private ContainerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the container's command.
     *
     * @throws IllegalArgumentException when the container cannot be run as this kubelet runs containers (an
     *                                  environment value taken from an object, no command); the kubelet reports
     *                                  that as {@code CreateContainerConfigError}
     */
    static ContainerProcess start(V1Container container, PodFileSystem fs) throws IOException {
        Path log = fs.privateFolder().resolve("container.log");
        ProcessBuilder builder = ContainerCommand.prepare(container, fs)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        return new ContainerProcess(builder.start(), log);
    }

    /** Waits up to {@code timeout} for the command to end; true when it did. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The command's process and every process it started, as they are now. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        all.addAll(process.descendants().toList());
        return all;
    }

    int exitCode() {
        return process.exitValue();
    }

    /**
     * Stops the command as the kubelet stops a container: {@code TERM}, then, after {@code grace}, {@code KILL}
     * to it and every process it started. Returns once none of them is left.
     */
    void stop(Duration grace) throws InterruptedException {
        Set<ProcessHandle> family = new HashSet<>(process.descendants().toList());
        process.destroy();
        if (!process.waitFor(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS)) {
            family.addAll(process.descendants().toList());
            process.destroyForcibly();
        }
        family.addAll(process.descendants().toList());
        family.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        for (ProcessHandle member : family) {
            try {
                member.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("process " + member.pid() + " of a stopped build did not end", e);
            }
        }
    }

    /** The container's log (standard output and error, interleaved as written). */
    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** The last {@code lines} lines of the log, at most {@code maxBytes} of them: the kubelet's fallback message. */
    String logTail(int lines, int maxBytes) throws IOException {
        String[] all = log().split("\n");
        String tail = String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
        byte[] bytes = tail.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= maxBytes ? tail
                : new String(bytes, bytes.length - maxBytes, maxBytes, StandardCharsets.UTF_8);
    }
}
