package io.primehub.imagebuilder.domain.model;

import java.util.Objects;

/**
 * Where built images go, and the name of the {@code kubernetes.io/dockerconfigjson} Secret the build pod pushes with.
 * It carries no credential: those stay in the registry adapter.
 *
 * <p>Two layouts, as PrimeHub's controller has them:
 * <ul>
 *   <li>a repository prefix ({@code customImage.pushRepoPrefix}): one repository per image,
 *       {@code <prefix>/<name>:<revision>};</li>
 *   <li>one push repository ({@code customImage.pushRepo}): every image in it, {@code <repo>:<name>-<revision>}, for
 *       registries where an account may write to one repository only. It wins over a prefix.</li>
 * </ul>
 *
 * @param repoPrefix     the prefix; empty in push-repository mode
 * @param pushSecretName the push secret's name
 * @param pushRepo       the one repository; empty in prefix mode
 * @param naming         how an image's name is made from its spec's name (and namespace)
 */
public record RegistryTarget(String repoPrefix, String pushSecretName, String pushRepo, ImageNaming naming) {

    public RegistryTarget {
        Objects.requireNonNull(repoPrefix, "repoPrefix");
        Objects.requireNonNull(pushSecretName, "pushSecretName");
        pushRepo = Objects.requireNonNullElse(pushRepo, "");
        naming = Objects.requireNonNullElse(naming, ImageNaming.NAME);
        String where = pushRepo.isEmpty() ? repoPrefix : pushRepo;
        String what = pushRepo.isEmpty() ? "repo prefix" : "push repository";
        ImageReference.nameProblem(where).ifPresent(problem -> {
            throw new IllegalArgumentException(what + " \"" + where + "\" " + problem);
        });
        if (!pushRepo.isEmpty()) {
            repoPrefix = "";
        }
        if (!ObjectNames.isValidSubdomain(pushSecretName)) {
            throw new IllegalArgumentException("push secret name \"" + pushSecretName + "\" is not a valid Kubernetes object name");
        }
    }

    /** Images under a repository prefix. */
    public RegistryTarget(String repoPrefix, String pushSecretName) {
        this(repoPrefix, pushSecretName, "", ImageNaming.NAME);
    }

    /** Every image in one repository, tagged {@code <name>-<revision>}. */
    public static RegistryTarget pushRepository(String pushRepo, String pushSecretName) {
        return new RegistryTarget("", pushSecretName, Objects.requireNonNull(pushRepo, "pushRepo"), ImageNaming.NAME);
    }

    /** The same target with images named by {@code imageNaming}. */
    public RegistryTarget withNaming(ImageNaming imageNaming) {
        return new RegistryTarget(repoPrefix, pushSecretName, pushRepo, imageNaming);
    }

    public boolean isPushRepository() {
        return !pushRepo.isEmpty();
    }

    /** The registry host (with port) that the prefix or repository names, or {@code docker.io} when it names none. */
    public String registryHost() {
        ImageReference prefix = ImageReference.parse(isPushRepository() ? pushRepo : repoPrefix);
        return prefix.domain().isEmpty() ? "docker.io" : prefix.domain();
    }

    /**
     * The full reference of an image {@code repository} at {@code tag}: {@code <prefix>/<repository>:<tag>}, or
     * {@code <push repo>:<repository>-<tag>}.
     */
    public String imageFor(String repository, String tag) {
        return isPushRepository() ? pushRepo + ":" + repository + "-" + tag : repoPrefix + "/" + repository + ":" + tag;
    }
}
