package io.primehub.imagebuilder.it.build;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.primehub.imagebuilder.k8s.build.BuildPodFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a build pod's one container on this machine the way the kubelet would in the builder image: every volume
 * the pod mounts is a folder under a root folder (the ConfigMap's and the Secrets' items written as files with
 * the volume's mode, emptyDirs empty), the container's environment is the pod's (absolute paths moved under the
 * root) and nothing of this JVM's, the command is the pod's, and the termination log exists and is
 * empty, as Kubernetes makes it.
 *
 * <p>What differs from a pod, because there is no container: tools come from this machine's {@code PATH}, and
 * buildah's storage (the pod's emptyDir at {@value BuildPodFactory#STORAGE_DIR}) is pointed at with
 * {@code CONTAINERS_STORAGE_CONF}: a {@code storage.conf} naming the emptyDir's folder, without a driver, so the
 * pod's {@code STORAGE_DRIVER} decides it. Each run thus starts with empty storage and leaves nothing outside the
 * root. The termination log is where {@code TERMINATION_LOG} says, the one variable a pod does not need.
 */
final class PodOnThisMachine {

    /** Kubernetes' default {@code terminationMessagePath}. */
    private static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";
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

    private PodOnThisMachine() {
    }

    /**
     * Runs the pod's container under {@code root} (a fresh folder) and waits for it.
     *
     * @param secrets the Secrets the pod may mount, by name; one it mounts but that is missing is an error,
     *                as it keeps a real pod from starting
     */
    static Run run(Path root, V1Pod pod, V1ConfigMap configMap, Map<String, V1Secret> secrets)
            throws IOException, InterruptedException {
        List<V1Container> containers = pod.getSpec().getContainers();
        if (containers.size() != 1 || pod.getSpec().getInitContainers() != null
                && !pod.getSpec().getInitContainers().isEmpty()) {
            throw new IllegalArgumentException("a build pod has exactly one container and no init container");
        }
        V1Container container = containers.get(0);
        Map<String, Path> mounts = new LinkedHashMap<>();
        List<Path> emptyDirs = new ArrayList<>();
        for (V1VolumeMount mount : container.getVolumeMounts()) {
            Path dir = Files.createDirectories(under(root, mount.getMountPath()));
            V1Volume volume = volume(pod, mount.getName());
            materialize(volume, dir, configMap, secrets);
            mounts.put(mount.getMountPath(), dir);
            if (volume.getEmptyDir() != null) {
                emptyDirs.add(dir);
            }
        }

        Path terminationLog = under(root, terminationMessagePath(container));
        Files.createDirectories(terminationLog.getParent());
        Files.createFile(terminationLog);
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Path home = Files.createDirectories(root.resolve("root"));
        Path storageConf = writeStorageConf(root, mounts);

        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        env.put("HOME", home.toString());
        env.put("TMPDIR", tmp.toString());
        env.put("CONTAINERS_STORAGE_CONF", storageConf.toString());
        env.put("TERMINATION_LOG", terminationLog.toString());
        for (V1EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() != null) {
                throw new IllegalArgumentException("a build pod's " + variable.getName()
                        + " comes from an object: credentials reach the pod only as files");
            }
            env.put(variable.getName(), relocate(variable.getValue(), root));
        }
        List<String> command = new ArrayList<>();
        for (String part : container.getCommand()) {
            command.add(relocate(part, root));
        }
        if (container.getArgs() != null) {
            container.getArgs().forEach(arg -> command.add(relocate(arg, root)));
        }

        Path logs = Files.createDirectories(root.resolve("logs"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectOutput(logs.resolve("stdout").toFile())
                .redirectError(logs.resolve("stderr").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        Duration took;
        try {
            if (!process.waitFor(LIMIT.toMinutes(), TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("the build pod's container did not end in " + LIMIT.toMinutes()
                        + " minutes; its output is in " + logs);
            }
            took = Duration.ofNanos(System.nanoTime() - started);
        } finally {
            // As the pod's emptyDirs go with the pod: buildah's storage is large and full of absolute symlinks.
            for (Path dir : emptyDirs) {
                FileTrees.delete(dir);
            }
        }
        return new Run(process.exitValue(),
                Files.readString(logs.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(logs.resolve("stderr"), StandardCharsets.UTF_8),
                Files.readString(terminationLog, StandardCharsets.UTF_8).strip(),
                took);
    }

    private static V1Volume volume(V1Pod pod, String name) {
        return pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the pod mounts the volume " + name + ", which it lacks"));
    }

    private static void materialize(V1Volume volume, Path dir, V1ConfigMap configMap, Map<String, V1Secret> secrets)
            throws IOException {
        if (volume.getConfigMap() != null) {
            if (!volume.getConfigMap().getName().equals(configMap.getMetadata().getName())) {
                throw new IllegalArgumentException("the pod mounts the ConfigMap " + volume.getConfigMap().getName()
                        + ", not the job's " + configMap.getMetadata().getName());
            }
            for (V1KeyToPath item : volume.getConfigMap().getItems()) {
                String value = configMap.getData().get(item.getKey());
                if (value == null) {
                    throw new IllegalArgumentException("the ConfigMap has no key " + item.getKey());
                }
                write(dir.resolve(item.getPath()), value.getBytes(StandardCharsets.UTF_8),
                        mode(item.getMode(), volume.getConfigMap().getDefaultMode()));
            }
        } else if (volume.getSecret() != null) {
            V1Secret secret = secrets.get(volume.getSecret().getSecretName());
            if (secret == null) {
                throw new IllegalArgumentException("the pod mounts the Secret " + volume.getSecret().getSecretName()
                        + ", which does not exist: it would not start");
            }
            for (V1KeyToPath item : volume.getSecret().getItems()) {
                byte[] value = secret.getData().get(item.getKey());
                if (value == null) {
                    throw new IllegalArgumentException("the Secret " + volume.getSecret().getSecretName()
                            + " has no key " + item.getKey());
                }
                write(dir.resolve(item.getPath()), value, mode(item.getMode(), volume.getSecret().getDefaultMode()));
            }
        } else if (volume.getEmptyDir() == null) {
            throw new IllegalArgumentException("the volume " + volume.getName() + " is of a kind a build pod does not use");
        }
    }

    private static void write(Path file, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setPosixFilePermissions(file, mode);
    }

    private static Set<PosixFilePermission> mode(Integer itemMode, Integer defaultMode) {
        // Kubernetes' default for both kinds of volume is 0644.
        int mode = itemMode != null ? itemMode : defaultMode != null ? defaultMode : 0644;
        StringBuilder text = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = mode >> shift & 7;
            text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

    private static Path writeStorageConf(Path root, Map<String, Path> mounts) throws IOException {
        Path storage = mounts.get(BuildPodFactory.STORAGE_DIR);
        if (storage == null) {
            throw new IllegalArgumentException("the pod mounts no volume at " + BuildPodFactory.STORAGE_DIR
                    + ": buildah would keep its layers in the container's own file system");
        }
        Path runRoot = Files.createDirectories(root.resolve("run/containers/storage"));
        Path conf = root.resolve("storage.conf");
        Files.writeString(conf, "[storage]\ngraphroot = \"" + storage.resolve("storage") + "\"\nrunroot = \""
                + runRoot + "\"\n", StandardCharsets.UTF_8);
        return conf;
    }

    private static String terminationMessagePath(V1Container container) {
        String path = container.getTerminationMessagePath();
        return path == null || path.isEmpty() ? TERMINATION_MESSAGE_PATH : path;
    }

    /**
     * An absolute path names a file in the container's file system, which is the root folder: mounts are made
     * at their mount paths under it, and a path under no mount (the pull secret's, when the spec has none)
     * names nothing there, as in the builder image.
     */
    private static String relocate(String value, Path root) {
        return value.startsWith("/") ? under(root, value).toString() : value;
    }

    private static Path under(Path root, String absolutePath) {
        if (!absolutePath.startsWith("/")) {
            throw new IllegalArgumentException("a mount path is absolute, not " + absolutePath);
        }
        return root.resolve(absolutePath.substring(1));
    }
}
