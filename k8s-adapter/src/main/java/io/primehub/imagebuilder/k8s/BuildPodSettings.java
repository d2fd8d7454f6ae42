package io.primehub.imagebuilder.k8s;

import io.kubernetes.client.custom.Quantity;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of build pods.
 *
 * @param builderImage          image with buildah and bash that runs the build script
 * @param cpuRequest            e.g. {@code 500m}
 * @param memoryRequest         e.g. {@code 1Gi}
 * @param cpuLimit              e.g. {@code 2}
 * @param memoryLimit           e.g. {@code 4Gi}
 * @param ephemeralStorageLimit e.g. {@code 20Gi}: buildah's layers live in the pod's ephemeral storage
 * @param deadline              the pod's {@code activeDeadlineSeconds}
 * @param registryInsecure      passes {@code REGISTRY_INSECURE=true} to the build script (plain-HTTP or self-signed registry)
 * @param security              privileged, or the narrow capabilities of {@link BuildSecurity#CAPABILITIES}
 * @param network               proxies, package indexes, mirrors and a CA bundle for the build ({@link BuildNetwork#none()}:
 *                              none)
 */
public record BuildPodSettings(
        String builderImage,
        String cpuRequest,
        String memoryRequest,
        String cpuLimit,
        String memoryLimit,
        String ephemeralStorageLimit,
        Duration deadline,
        boolean registryInsecure,
        BuildSecurity security,
        BuildNetwork network) {

    public BuildPodSettings {
        requireText(builderImage, "builderImage");
        quantity(cpuRequest, "cpuRequest");
        quantity(memoryRequest, "memoryRequest");
        quantity(cpuLimit, "cpuLimit");
        quantity(memoryLimit, "memoryLimit");
        quantity(ephemeralStorageLimit, "ephemeralStorageLimit");
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.toSeconds() < 1) {
            throw new IllegalArgumentException("build pod deadline must be at least one second, not " + deadline);
        }
        security = Objects.requireNonNullElse(security, BuildSecurity.PRIVILEGED);
        network = Objects.requireNonNullElse(network, BuildNetwork.none());
    }

    /** Build pods in {@code security} mode that reach the network directly. */
    public BuildPodSettings(
            String builderImage,
            String cpuRequest,
            String memoryRequest,
            String cpuLimit,
            String memoryLimit,
            String ephemeralStorageLimit,
            Duration deadline,
            boolean registryInsecure,
            BuildSecurity security) {
        this(
                builderImage,
                cpuRequest,
                memoryRequest,
                cpuLimit,
                memoryLimit,
                ephemeralStorageLimit,
                deadline,
                registryInsecure,
                security,
                BuildNetwork.none());
    }

    /** Privileged build pods. */
    public BuildPodSettings(
            String builderImage,
            String cpuRequest,
            String memoryRequest,
            String cpuLimit,
            String memoryLimit,
            String ephemeralStorageLimit,
            Duration deadline,
            boolean registryInsecure) {
        this(
                builderImage,
                cpuRequest,
                memoryRequest,
                cpuLimit,
                memoryLimit,
                ephemeralStorageLimit,
                deadline,
                registryInsecure,
                BuildSecurity.PRIVILEGED);
    }

    /** The same settings with build pods in {@code mode}. */
    public BuildPodSettings withSecurity(BuildSecurity mode) {
        return new BuildPodSettings(
                builderImage,
                cpuRequest,
                memoryRequest,
                cpuLimit,
                memoryLimit,
                ephemeralStorageLimit,
                deadline,
                registryInsecure,
                mode,
                network);
    }

    /** The same settings with builds reaching the network through {@code buildNetwork}. */
    public BuildPodSettings withNetwork(BuildNetwork buildNetwork) {
        return new BuildPodSettings(
                builderImage,
                cpuRequest,
                memoryRequest,
                cpuLimit,
                memoryLimit,
                ephemeralStorageLimit,
                deadline,
                registryInsecure,
                security,
                buildNetwork);
    }

    /**
     * The builder image when none is configured: the one {@code deploy/builder/Containerfile} makes (Debian's
     * buildah and bash); an admin builds it and pushes it to a registry the cluster can pull from.
     */
    public static final String DEFAULT_BUILDER_IMAGE = "primehub-image-builder/buildah:0.1.0";

    public static BuildPodSettings defaults() {
        return new BuildPodSettings(
                DEFAULT_BUILDER_IMAGE, "500m", "1Gi", "2", "4Gi", "20Gi", Duration.ofHours(1), false);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("build pod setting " + name + " must not be empty");
        }
    }

    private static void quantity(String value, String name) {
        requireText(value, name);
        try {
            Quantity.fromString(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "build pod setting " + name + " is not a Kubernetes quantity: \"" + value + "\"", e);
        }
    }
}
