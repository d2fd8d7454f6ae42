package io.primehub.imagebuilder.domain.model;

import java.util.Objects;

/**
 * Where built images go: the repository prefix images are pushed under ({@code <prefix>/<name>:<tag>}),
 * and the name of the {@code kubernetes.io/dockerconfigjson} Secret the build pod pushes with. It carries
 * no credential: those stay in the registry adapter.
 */
public record RegistryTarget(String repoPrefix, String pushSecretName) {

    public RegistryTarget {
        Objects.requireNonNull(repoPrefix, "repoPrefix");
        Objects.requireNonNull(pushSecretName, "pushSecretName");
        ImageReference.nameProblem(repoPrefix).ifPresent(problem -> {
            throw new IllegalArgumentException("repo prefix \"" + repoPrefix + "\" " + problem);
        });
        if (!ObjectNames.isValidSubdomain(pushSecretName)) {
            throw new IllegalArgumentException("push secret name \"" + pushSecretName + "\" is not a valid Kubernetes object name");
        }
    }

    /** The registry host (with port) that the prefix names, or {@code docker.io} when it names none. */
    public String registryHost() {
        ImageReference prefix = ImageReference.parse(repoPrefix);
        return prefix.domain().isEmpty() ? "docker.io" : prefix.domain();
    }

    /** The full reference of an image pushed under this prefix. */
    public String imageFor(String repository, String tag) {
        return repoPrefix + "/" + repository + ":" + tag;
    }
}
