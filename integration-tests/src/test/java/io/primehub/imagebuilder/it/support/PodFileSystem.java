package io.primehub.imagebuilder.it.support;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A build container's file system on this machine: a private folder (owner-only) that stands for the container's
 * root, with every volume the container mounts materialized at its mount path under it, as the kubelet does before
 * it starts a container. ConfigMap and Secret items are written as files with the volume's modes; emptyDirs are
 * empty folders; the termination message file exists and is empty. Where the ConfigMaps and Secrets come from
 * (the API server, or objects a test made) is the caller's {@link VolumeSources}.
 *
 * <p>Any absolute path the container would use is {@linkplain #hostPath(String) mapped} under that root, so a path
 * under no mount (the pull secret's, when a pod mounts none) names nothing, as inside the builder image.
 */
public final class PodFileSystem implements AutoCloseable {

    /** Kubernetes' default {@code terminationMessagePath}. */
    public static final String DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";
    /** What the kubelet reads of a termination message file at most. */
    public static final int MAX_TERMINATION_MESSAGE_BYTES = 4096;

    private final Path folder;
    private final Path rootfs;
    private final Path terminationMessageFile;

    private PodFileSystem(Path folder, Path rootfs, Path terminationMessageFile) {
        this.folder = folder;
        this.rootfs = rootfs;
        this.terminationMessageFile = terminationMessageFile;
    }

    /** The ConfigMaps and Secrets of the pod's namespace, by name; empty for one that does not exist. */
    public interface VolumeSources<E extends Exception> {

        Optional<V1ConfigMap> configMap(String name) throws E;

        Optional<V1Secret> secret(String name) throws E;
    }

    /** A volume source the pod needs is not there (yet): the kubelet keeps such a pod waiting and tries again. */
    public static final class VolumeNotReadyException extends Exception {
        VolumeNotReadyException(String message) {
            super(message);
        }
    }

    /**
     * Materializes the container's mounts in a new private folder under {@code parent}. The folder is removed again
     * when this fails.
     */
    public static <E extends Exception> PodFileSystem materialize(VolumeSources<E> sources, V1Pod pod,
                                                                  V1Container container, Path parent)
            throws IOException, VolumeNotReadyException, E {
        Path folder = Files.createTempDirectory(parent, pod.getMetadata().getName() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        boolean made = false;
        try {
            Path rootfs = Files.createDirectory(folder.resolve("rootfs"));
            PodFileSystem fs = new PodFileSystem(folder, rootfs, null);
            List<V1VolumeMount> mounts = container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts();
            for (V1VolumeMount mount : mounts) {
                Path dir = Files.createDirectories(fs.hostPath(mount.getMountPath()));
                writeVolume(sources, volume(pod, mount.getName()), dir);
            }
            Files.createDirectories(fs.hostPath("/tmp"));
            Files.createDirectories(fs.hostPath("/root"));
            String messagePath = container.getTerminationMessagePath() == null
                    || container.getTerminationMessagePath().isEmpty()
                    ? DEFAULT_TERMINATION_MESSAGE_PATH : container.getTerminationMessagePath();
            Path messageFile = fs.hostPath(messagePath);
            Files.createDirectories(messageFile.getParent());
            Files.createFile(messageFile);
            made = true;
            return new PodFileSystem(folder, rootfs, messageFile);
        } finally {
            if (!made) {
                FileTrees.delete(folder);
            }
        }
    }

    /** Where an absolute path of the container is on this machine; a path that would leave the root is refused. */
    public Path hostPath(String containerPath) {
        if (containerPath == null || !containerPath.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path in the container: " + containerPath);
        }
        Path mapped = rootfs.resolve(containerPath.substring(1)).normalize();
        if (!mapped.startsWith(rootfs)) {
            throw new IllegalArgumentException("the path " + containerPath + " leaves the container's file system");
        }
        return mapped;
    }

    /** A private folder beside the container's root, for what is not the container's (logs, buildah's config). */
    public Path privateFolder() {
        return folder;
    }

    /** The termination message as the kubelet reads it: the file's first 4 KiB. */
    public String terminationMessage() throws IOException {
        byte[] bytes = Files.readAllBytes(terminationMessageFile);
        int length = Math.min(bytes.length, MAX_TERMINATION_MESSAGE_BYTES);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** Removes everything, as the kubelet removes a pod's volumes with the pod. */
    @Override
    public void close() throws IOException {
        FileTrees.delete(folder);
    }

    private static V1Volume volume(V1Pod pod, String name) {
        return pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the pod mounts the volume " + name + ", which it lacks"));
    }

    private static <E extends Exception> void writeVolume(VolumeSources<E> sources, V1Volume volume, Path dir)
            throws IOException, VolumeNotReadyException, E {
        if (volume.getConfigMap() != null) {
            var source = volume.getConfigMap();
            writeSource(sources.configMap(source.getName()).map(PodFileSystem::contents),
                    "configmap \"" + source.getName() + "\"", source.getOptional(), source.getItems(),
                    source.getDefaultMode(), dir);
        } else if (volume.getSecret() != null) {
            var source = volume.getSecret();
            writeSource(sources.secret(source.getSecretName()).map(secret -> secret.getData() == null
                            ? Map.<String, byte[]>of() : secret.getData()),
                    "secret \"" + source.getSecretName() + "\"", source.getOptional(), source.getItems(),
                    source.getDefaultMode(), dir);
        } else if (volume.getEmptyDir() == null) {
            throw new IllegalArgumentException("the volume " + volume.getName()
                    + " is of a kind a build pod does not use here (ConfigMap, Secret and emptyDir only)");
        }
    }

    /** A ConfigMap's text and binary data alike, as bytes. */
    private static Map<String, byte[]> contents(V1ConfigMap configMap) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (configMap.getData() != null) {
            configMap.getData().forEach((key, value) -> data.put(key, value.getBytes(StandardCharsets.UTF_8)));
        }
        if (configMap.getBinaryData() != null) {
            data.putAll(configMap.getBinaryData());
        }
        return data;
    }

    /** An optional source may be missing (or lack keys); a required one keeps the pod from starting. */
    private static void writeSource(Optional<Map<String, byte[]>> data, String what, Boolean optionalSource,
                                    List<V1KeyToPath> items, Integer defaultMode, Path dir)
            throws IOException, VolumeNotReadyException {
        boolean optional = Boolean.TRUE.equals(optionalSource);
        if (data.isEmpty()) {
            if (optional) {
                return;
            }
            throw new VolumeNotReadyException("MountVolume.SetUp failed: " + what + " not found");
        }
        writeItems(data.get(), items, defaultMode, dir, what, optional);
    }

    private static void writeItems(Map<String, byte[]> data, List<V1KeyToPath> items, Integer defaultMode, Path dir,
                                   String what, boolean optional) throws IOException, VolumeNotReadyException {
        if (items == null || items.isEmpty()) {
            for (Map.Entry<String, byte[]> entry : data.entrySet()) {
                write(dir, entry.getKey(), entry.getValue(), mode(null, defaultMode));
            }
            return;
        }
        for (V1KeyToPath item : items) {
            byte[] value = data.get(item.getKey());
            if (value == null) {
                if (optional) {
                    continue;
                }
                throw new VolumeNotReadyException("MountVolume.SetUp failed: " + what + " has no key " + item.getKey());
            }
            write(dir, item.getPath(), value, mode(item.getMode(), defaultMode));
        }
    }

    private static void write(Path dir, String relative, byte[] content, Set<PosixFilePermission> mode)
            throws IOException {
        Path file = dir.resolve(relative).normalize();
        if (!file.startsWith(dir) || file.equals(dir)) {
            throw new IllegalArgumentException("the volume item path " + relative + " leaves its volume");
        }
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setPosixFilePermissions(file, mode);
    }

    private static Set<PosixFilePermission> mode(Integer itemMode, Integer defaultMode) {
        // Kubernetes' default for ConfigMap and Secret volumes is 0644.
        int mode = itemMode != null ? itemMode : defaultMode != null ? defaultMode : 0644;
        StringBuilder text = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = mode >> shift & 7;
            text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }
}
