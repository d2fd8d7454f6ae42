package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.JobPhase;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The job reconciler's decision: given a job and the pods it owns, what should happen next. Pure; the
 * adapter reads the cluster and applies the decision.
 *
 * <ul>
 *   <li>A job whose recorded pod is not its current attempt's pod (new job, or {@code updateTime} changed:
 *       a rebuild) gets that pod created and its status reset to Pending; the pods of earlier attempts go.
 *       A finished job is rebuilt this way too, except a cancelled job of an unchanged attempt.</li>
 *   <li>A running job follows its pod: phase, start and finish, reason and message.</li>
 *   <li>A running job whose pod is gone, or being deleted before it finished, fails with
 *       {@link BuildReason#POD_DELETED}.</li>
 *   <li>A finished job never moves; a cancelled job's unfinished pod is deleted.</li>
 *   <li>An adopted job ({@link ObservedJob#adopted()}: made by PrimeHub's controller, whose pods are called
 *       {@code image-<job>-xxxx}) keeps the pod it recorded as its attempt: followed while it runs, left as it is
 *       when it has finished, never replaced.</li>
 * </ul>
 */
public final class JobDecider {

    private JobDecider() {}

    /**
     * What to do about a job and its build pods, when the cluster's schema keeps every status field.
     *
     * @param observed the job
     * @param pods     the pods the job owns, as seen (the adapter confirms with a live read that a recorded pod
     *                 is really gone before it passes a list without it)
     * @param clock    the time of finish when a pod does not say
     */
    public static JobReconcileDecision decide(ObservedJob observed, List<ObservedPod> pods, Clock clock) {
        return decide(observed, pods, clock, StatusFields.ALL);
    }

    /**
     * What to do about a job and its build pods.
     *
     * @param kept which status fields the cluster's schema keeps: only those count as a change
     */
    public static JobReconcileDecision decide(
            ObservedJob observed, List<ObservedPod> pods, Clock clock, StatusFields kept) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JobState state = observed.state();
        String podName = observed.desiredPodName();
        Optional<ObservedPod> pod =
                pods.stream().filter(p -> p.name().equals(podName)).findFirst();
        List<String> earlierAttempts = pods.stream()
                .filter(p -> !p.name().equals(podName) && !p.deleting())
                .map(ObservedPod::name)
                .toList();

        if (!podName.equals(state.podName())) {
            JobState pending = pending(
                    observed,
                    podName,
                    pod.map(p -> PodProgress.of(p, observed.job().pushedImage(), now)),
                    state,
                    now);
            return new JobReconcileDecision(podName, pod.isEmpty(), Optional.of(pending), earlierAttempts);
        }
        if (state.isFinished()) {
            List<String> toDelete = state.phase() == JobPhase.CANCELLED
                    ? pods.stream()
                            .filter(p -> !p.isFinished() && !p.deleting())
                            .map(ObservedPod::name)
                            .toList()
                    : earlierAttempts;
            return new JobReconcileDecision(podName, false, Optional.empty(), toDelete);
        }
        JobState next = pod.filter(p -> !p.deleting() || p.isFinished())
                .map(p -> follow(observed, p, now))
                .orElseGet(() -> podDeleted(observed, podName, now));
        return new JobReconcileDecision(podName, false, changed(state, next, kept), earlierAttempts);
    }

    /** The status of a fresh attempt; when its pod exists already (a restart after creating it), as the pod says. */
    private static JobState pending(
            ObservedJob observed, String podName, Optional<PodProgress> progress, JobState previous, Instant now) {
        PodProgress start = progress.orElseGet(() -> new PodProgress(
                JobPhase.PENDING, BuildReason.PENDING, "waiting for build pod " + podName + " to start", null, null));
        return withProgress(observed, podName, start, previous, now);
    }

    private static JobState follow(ObservedJob observed, ObservedPod pod, Instant now) {
        PodProgress progress = PodProgress.of(pod, observed.job().pushedImage(), now);
        JobState state = observed.state();
        if (!state.phase().canMoveTo(progress.phase())) {
            return state;
        }
        return withProgress(observed, pod.name(), progress, state, now);
    }

    private static JobState withProgress(
            ObservedJob observed, String podName, PodProgress progress, JobState previous, Instant now) {
        Condition condition = Condition.of(
                        Condition.SUCCEEDED,
                        statusOf(progress.phase()),
                        progress.reason(),
                        progress.message(),
                        now,
                        observed.generation())
                .after(previous.condition());
        return new JobState(
                progress.phase(),
                podName,
                progress.startTime(),
                progress.phase().isFinished() ? progress.finishTime() : null,
                condition,
                observed.generation(),
                progress.imageDigest());
    }

    private static JobState podDeleted(ObservedJob observed, String podName, Instant now) {
        JobState state = observed.state();
        Condition condition = Condition.of(
                        Condition.SUCCEEDED,
                        ConditionStatus.FALSE,
                        BuildReason.POD_DELETED,
                        "build pod " + podName + " was deleted before the build finished",
                        now,
                        observed.generation())
                .after(state.condition());
        return new JobState(JobPhase.FAILED, podName, state.startTime(), now, condition, observed.generation());
    }

    /**
     * The status of a job cancelled now: {@code Cancelled} with the given reason, its attempt's pod name
     * recorded so that the job is not started again until its {@code updateTime} changes.
     */
    public static JobState cancelled(ObservedJob observed, BuildReason reason, String message, Clock clock) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JobState state = observed.state();
        Condition condition = Condition.of(
                        Condition.SUCCEEDED, ConditionStatus.FALSE, reason, message, now, observed.generation())
                .after(state.condition());
        return new JobState(
                JobPhase.CANCELLED,
                observed.desiredPodName(),
                state.startTime(),
                now,
                condition,
                observed.generation());
    }

    /**
     * Whether the job's next attempt is its first: its status records no attempt (an adopted job has one). Only a
     * first attempt may be skipped as already built: a later one was asked for by a new {@code updateTime}, which
     * always forces a build.
     */
    public static boolean isFirstAttempt(ObservedJob observed) {
        return observed.state().podName().isEmpty();
    }

    /**
     * The status of a job whose image the registry already holds, built from the same recipe: Succeeded at once with
     * that digest, its attempt's pod name recorded (no pod is made) so that it is not started again until its
     * {@code updateTime} changes.
     */
    public static JobState alreadyBuilt(ObservedJob observed, String digest, Clock clock) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String message = "the registry already holds " + observed.job().pushedImage() + "@" + digest
                + ", built from this recipe; nothing was built (change updateTime to build it again)";
        Condition condition = Condition.of(
                        Condition.SUCCEEDED,
                        ConditionStatus.TRUE,
                        BuildReason.ALREADY_BUILT,
                        message,
                        now,
                        observed.generation())
                .after(observed.state().condition());
        return new JobState(
                JobPhase.SUCCEEDED, observed.desiredPodName(), now, now, condition, observed.generation(), digest);
    }

    static ConditionStatus statusOf(JobPhase phase) {
        return switch (phase) {
            case SUCCEEDED -> ConditionStatus.TRUE;
            case FAILED, CANCELLED -> ConditionStatus.FALSE;
            case PENDING, RUNNING -> ConditionStatus.UNKNOWN;
        };
    }

    private static Optional<JobState> changed(JobState before, JobState after, StatusFields kept) {
        return kept.kept(before).equals(kept.kept(after)) ? Optional.empty() : Optional.of(after);
    }
}
