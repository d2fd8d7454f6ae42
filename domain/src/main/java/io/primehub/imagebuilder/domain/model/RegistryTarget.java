package io.primehub.imagebuilder.domain.model;

import java.util.Objects;
import java.util.Optional;

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
 * @param buildCache     where builds keep their layer cache ({@link #cacheRepository}): {@code ""} for the default,
 *                       {@link #CACHE_OFF}, or a repository on the push registry
 */
public record RegistryTarget(
        String repoPrefix, String pushSecretName, String pushRepo, ImageNaming naming, String buildCache) {

    /** The {@code buildCache} that turns the layer cache off. */
    public static final String CACHE_OFF = "off";
    /**
     * The repository under the prefix that holds the layer cache by default. An underscore cannot be in a Kubernetes
     * name, so no spec's or Image's image is ever named so.
     */
    public static final String DEFAULT_CACHE_NAME = "build_cache";

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
            throw new IllegalArgumentException(
                    "push secret name \"" + pushSecretName + "\" is not a valid Kubernetes object name");
        }
        buildCache = Objects.requireNonNullElse(buildCache, "");
        if (!buildCache.isEmpty() && !buildCache.equals(CACHE_OFF)) {
            cacheProblem(buildCache, ImageReference.parse(where).domain()).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
        }
    }

    /** The default layer cache. */
    public RegistryTarget(String repoPrefix, String pushSecretName, String pushRepo, ImageNaming naming) {
        this(repoPrefix, pushSecretName, pushRepo, naming, "");
    }

    /** Images under a repository prefix. */
    public RegistryTarget(String repoPrefix, String pushSecretName) {
        this(repoPrefix, pushSecretName, "", ImageNaming.NAME);
    }

    /**
     * What is wrong with {@code repository} as the layer cache of images pushed to the registry {@code pushDomain}
     * ({@code ""}: Docker Hub): it must be a repository name without a tag or digest, on that same registry (the build
     * pushes to it with the push credential).
     */
    public static Optional<String> cacheProblem(String repository, String pushDomain) {
        Optional<String> problem = ImageReference.nameProblem(repository);
        if (problem.isPresent()) {
            return Optional.of("build cache \"" + repository + "\" " + problem.get());
        }
        String domain = ImageReference.parse(repository).domain();
        if (!dockerHubAsOne(domain).equalsIgnoreCase(dockerHubAsOne(pushDomain))) {
            return Optional.of("build cache \"" + repository + "\" is not on the push registry "
                    + (pushDomain.isEmpty() ? "docker.io" : pushDomain)
                    + ", whose credential the build pushes it with");
        }
        return Optional.empty();
    }

    /** Docker Hub's names as one: no domain, {@code docker.io} and {@code index.docker.io}. */
    private static String dockerHubAsOne(String domain) {
        return domain.isEmpty() || domain.equalsIgnoreCase("index.docker.io") ? "docker.io" : domain;
    }

    /** The same target with its layer cache in {@code cache}: {@code ""} for the default, or {@link #CACHE_OFF}. */
    public RegistryTarget withBuildCache(String cache) {
        return new RegistryTarget(repoPrefix, pushSecretName, pushRepo, naming, cache);
    }

    /**
     * The repository where the builds of {@code namespace} keep their layer cache (buildah {@code --cache-to}/{@code
     * --cache-from}), empty when off: the one configured, else under the prefix, named as images are ({@link
     * ImageNaming}): {@code <prefix>/}{@value #DEFAULT_CACHE_NAME}, or {@code <prefix>/<namespace>-}{@value
     * #DEFAULT_CACHE_NAME} when each namespace pushes only to its own repositories, so that no namespace reads or
     * writes another's cache. Off by default in push-repository mode, where an account may write to that one
     * repository only.
     */
    public Optional<String> cacheRepository(String namespace) {
        if (buildCache.equals(CACHE_OFF)) {
            return Optional.empty();
        }
        if (!buildCache.isEmpty()) {
            return Optional.of(buildCache);
        }
        return isPushRepository()
                ? Optional.empty()
                : Optional.of(repoPrefix + "/" + naming.repository(namespace, DEFAULT_CACHE_NAME));
    }

    /** Every image in one repository, tagged {@code <name>-<revision>}. */
    public static RegistryTarget pushRepository(String pushRepo, String pushSecretName) {
        return new RegistryTarget("", pushSecretName, Objects.requireNonNull(pushRepo, "pushRepo"), ImageNaming.NAME);
    }

    /** The same target with images named by {@code imageNaming}. */
    public RegistryTarget withNaming(ImageNaming imageNaming) {
        return new RegistryTarget(repoPrefix, pushSecretName, pushRepo, imageNaming, buildCache);
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
