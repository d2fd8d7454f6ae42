package io.primehub.imagebuilder.domain.reconcile;

/**
 * Why a job or spec is where it is: the {@code reason} of its condition, one CamelCase word a program can
 * switch on. The condition's {@code message} says the rest, for people.
 */
public enum BuildReason {
    /** The job waits for its build pod to be created or to start. */
    PENDING("Pending"),
    /** The build pod runs. */
    BUILDING("Building"),
    /** The image was built and pushed. */
    SUCCEEDED("Succeeded"),
    /**
     * Nothing was built: the registry already holds the job's image, and its recipe label proves it was built from
     * this very recipe (see {@code RecipeDigest}).
     */
    ALREADY_BUILT("AlreadyBuilt"),
    /** The spec has at least one invalid field; no job is made until it is fixed. */
    INVALID_SPEC("InvalidSpec"),
    /** No registry is configured for custom images; nothing is built until one is. */
    REGISTRY_NOT_CONFIGURED("RegistryNotConfigured"),
    /**
     * The push secret that the build needs is not in the job's namespace, and the controller does not make it (no
     * registry credential is configured: the secret is someone else's, such as PrimeHub's chart's).
     */
    PUSH_SECRET_MISSING("PushSecretMissing"),
    /**
     * The job is not built: no spec or Image that the controller reconciles asks for it (its owner is missing, or its
     * base image and packages are not its owner's).
     */
    REFUSED("Refused"),
    /** The job name the spec or Image needs is taken by an ImageSpecJob it does not own. */
    JOB_NAME_TAKEN("JobNameTaken"),
    /** The API server refused what the build needs (the pod, its ConfigMap or Secret) for good: see the message. */
    REJECTED("Rejected"),
    /** The build script could not prepare its work (bad arguments, missing files or credentials). */
    INIT_FAILED("InitFailed"),
    /** The base image could not be pulled. */
    PULL_FAILED("PullFailed"),
    /** A Dockerfile step failed, e.g. a package could not be installed. */
    BUILD_FAILED("BuildFailed"),
    /** The built image could not be pushed to the registry. */
    PUSH_FAILED("PushFailed"),
    /** The build pod failed for a reason the build script did not report (an unknown exit code, a kill). */
    POD_FAILED("PodFailed"),
    /** The build pod was deleted before it finished. */
    POD_DELETED("PodDeleted"),
    /** The build ran longer than its deadline and was stopped. */
    DEADLINE_EXCEEDED("DeadlineExceeded"),
    /** A newer revision of the spec replaced the job before it finished. */
    SUPERSEDED("Superseded"),
    /** Someone cancelled the job before it finished. */
    CANCELLED("Cancelled");

    private final String wireName;

    BuildReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
