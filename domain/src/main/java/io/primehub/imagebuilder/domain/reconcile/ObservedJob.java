package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import java.util.Objects;

/**
 * A job as read from the cluster: what it builds, its generation and its status.
 *
 * <p>A job this controller created or last asked to rebuild carries the
 * {@link ImageSpecJob#BUILD_ATTEMPT_ANNOTATION}: its build attempt is the one that its {@code updateTime} names (see
 * {@link BuildPodNames}). A job without it was made by someone else (PrimeHub's own controller, or a version of this
 * one from before the annotation): once it has recorded a pod in {@code status.podName}, that pod is its attempt,
 * whatever it is called. Such a job is adopted as it is: a finished one stays finished, a running pod is followed to
 * its end, and no pod is made or deleted for it until its spec asks for a rebuild.
 *
 * @param job        the job's spec (and identity)
 * @param generation {@code metadata.generation}
 * @param state      its status
 * @param managed    whether this controller manages the job's build attempts (the annotation is there)
 * @param buildNamespace where build pods run: {@code ""} (or the job's own namespace) for beside the job, else a
 *                   namespace that jobs of every namespace share, where pod names carry the job's namespace
 */
public record ObservedJob(ImageSpecJob job, long generation, JobState state, boolean managed, String buildNamespace) {

    public ObservedJob {
        Objects.requireNonNull(job, "job");
        state = Objects.requireNonNullElse(state, JobState.NEW);
        buildNamespace = Objects.requireNonNullElse(buildNamespace, "");
    }

    /** A job whose build pods run beside it. */
    public ObservedJob(ImageSpecJob job, long generation, JobState state, boolean managed) {
        this(job, generation, state, managed, "");
    }

    /** A job whose build attempts this controller manages, its pods beside it. */
    public ObservedJob(ImageSpecJob job, long generation, JobState state) {
        this(job, generation, state, true, "");
    }

    /** Whether the job's build pods run in a shared build namespace, not beside the job. */
    public boolean buildsElsewhere() {
        return !buildNamespace.isEmpty() && !buildNamespace.equals(job.namespace());
    }

    /** The namespace of the job's build pods. */
    public String podNamespace() {
        return buildsElsewhere() ? buildNamespace : job.namespace();
    }

    /** The base of the names of the job's build objects: the job's name, or its shared name in a build namespace. */
    public String buildBaseName() {
        return buildsElsewhere() ? ObjectNames.sharedName(job.namespace(), job.name()) : job.name();
    }

    /**
     * Whether {@code podName} is the pod of the job's current attempt, wherever it ran: a job built beside itself
     * and later placed in a build namespace (or back) keeps its attempt, and is not built again for that.
     */
    public boolean isCurrentAttempt(String podName) {
        if (adopted()) {
            return podName.equals(state.podName());
        }
        return podName.equals(BuildPodNames.podName(job.name(), job.updateTime()))
                || podName.equals(
                        BuildPodNames.podName(ObjectNames.sharedName(job.namespace(), job.name()), job.updateTime()));
    }

    public String name() {
        return job.name();
    }

    /** Whether the job's current attempt is one that another controller started: see the class comment. */
    public boolean adopted() {
        return !managed && !state.podName().isEmpty();
    }

    /**
     * Whether the status reports on the job's current attempt: false for a new job, and for one whose rebuild was asked
     * for and has not started yet (its status still tells of the attempt before).
     */
    public boolean reportsCurrentAttempt() {
        return isCurrentAttempt(state.podName());
    }

    /** The name of the build pod of the job's current attempt. */
    public String desiredPodName() {
        if (adopted() || isCurrentAttempt(state.podName())) {
            return state.podName();
        }
        return BuildPodNames.podName(buildBaseName(), job.updateTime());
    }
}
