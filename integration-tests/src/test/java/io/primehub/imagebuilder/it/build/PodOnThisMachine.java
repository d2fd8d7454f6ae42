package io.primehub.imagebuilder.it.build;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.primehub.imagebuilder.it.support.ContainerCommand;
import io.primehub.imagebuilder.it.support.PodFileSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a build pod's one container on this machine the way the kubelet would in the builder image, from objects a
 * test made rather than from an API server: its volumes are materialized in a {@link PodFileSystem} (the ConfigMap's
 * and the Secrets' items as files with the volume's modes, emptyDirs empty, the termination log empty) and its
 * command runs there ({@link ContainerCommand}) with the pod's environment and nothing of this JVM's but
 * {@code PATH}. Tools come from this machine's {@code PATH}, as there is no container. Everything the run made,
 * buildah's storage included, is removed once its outputs are read.
 */
final class PodOnThisMachine {

    /** A safety net for a hung tool, not a timing: builds here take well under a minute or two. */
    private static final Duration LIMIT = Duration.ofMinutes(8);

    /** The end of a run: exit code, the container's two output streams, and the termination message. */
    record Run(int exitCode, String stdout, String stderr, String terminationMessage, Duration took) {

        /** The last line on standard error, where the script writes {@code error: <step>: <reason>}. */
        String lastErrorLine() {
            String[] lines = stderr.strip().split("\n");
            return lines[lines.length - 1];
        }

        /** Everything a user or an admin could read: both streams and the termination message. */
        String everything() {
            return stdout + "\n" + stderr + "\n" + terminationMessage;
        }

        String describe() {
            return "exit code " + exitCode + " after " + took.toSeconds() + " s; stdout ends with:\n" + tail(stdout, 8)
                    + "\nstderr ends with:\n" + tail(stderr, 15) + "\ntermination message: " + terminationMessage;
        }

        private static String tail(String text, int lines) {
            String[] all = text.split("\n");
            return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
        }
    }

    /** The job's ConfigMap and the Secrets a test made, by name: all a build pod's volumes read. */
    private record MadeObjects(V1ConfigMap configMap, Map<String, V1Secret> secrets)
            implements PodFileSystem.VolumeSources<RuntimeException> {

        @Override
        public Optional<V1ConfigMap> configMap(String name) {
            return Optional.of(configMap).filter(made -> made.getMetadata().getName().equals(name));
        }

        @Override
        public Optional<V1Secret> secret(String name) {
            return Optional.ofNullable(secrets.get(name));
        }
    }

    private PodOnThisMachine() {
    }

    /**
     * Runs the pod's container in a new folder under {@code parent} and waits for it.
     *
     * @param secrets the Secrets the pod may mount, by name; one it mounts but that is missing is an error,
     *                as it keeps a real pod from starting
     */
    static Run run(Path parent, V1Pod pod, V1ConfigMap configMap, Map<String, V1Secret> secrets)
            throws IOException, InterruptedException {
        List<V1Container> containers = pod.getSpec().getContainers();
        if (containers.size() != 1 || pod.getSpec().getInitContainers() != null
                && !pod.getSpec().getInitContainers().isEmpty()) {
            throw new IllegalArgumentException("a build pod has exactly one container and no init container");
        }
        V1Container container = containers.get(0);
        PodFileSystem fs;
        try {
            fs = PodFileSystem.materialize(new MadeObjects(configMap, secrets), pod, container, parent);
        } catch (PodFileSystem.VolumeNotReadyException e) {
            throw new IllegalArgumentException(e.getMessage() + ": the pod would not start", e);
        }
        try (fs) {
            Path stdout = fs.privateFolder().resolve("stdout");
            Path stderr = fs.privateFolder().resolve("stderr");
            Process process = ContainerCommand.prepare(container, fs)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            long started = System.nanoTime();
            if (!process.waitFor(LIMIT.toMinutes(), TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("the build pod's container did not end in " + LIMIT.toMinutes()
                        + " minutes; stderr ends with:\n" + Run.tail(Files.readString(stderr, StandardCharsets.UTF_8), 15));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new Run(process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8),
                    fs.terminationMessage().strip(),
                    took);
        }
    }
}
