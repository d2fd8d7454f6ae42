package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.JobPhase;
import java.time.Instant;
import java.util.Objects;

/**
 * The {@code .status} of an {@code ImageSpecJob}.
 *
 * <p>{@code podName} names the build attempt the status reports on: the pod of the job's current
 * {@code updateTime} (see {@link BuildPodNames}). It is written only once that pod was created, or when the
 * job was cancelled before; so a recorded pod name whose pod is gone means the pod was deleted.
 *
 * @param phase      Pending, Running, Succeeded, Failed or Cancelled
 * @param podName    the build pod of the attempt; empty for a job nobody has looked at yet
 * @param startTime  when the build pod started, or null
 * @param finishTime when the job finished, or null
 * @param condition  the {@link Condition#SUCCEEDED} condition, or null before the first write
 * @param observedGeneration the job generation this status was computed from
 * @param imageDigest the digest ({@code sha256:...}) the build reported for the image it pushed; empty unless
 *                   Succeeded with a build that reports it (see {@link PodProgress})
 */
public record JobState(
        JobPhase phase,
        String podName,
        Instant startTime,
        Instant finishTime,
        Condition condition,
        long observedGeneration,
        String imageDigest) {

    public static final JobState NEW = new JobState(JobPhase.PENDING, "", null, null, null, 0);

    public JobState {
        Objects.requireNonNull(phase, "phase");
        podName = Objects.requireNonNullElse(podName, "");
        imageDigest = Objects.requireNonNullElse(imageDigest, "");
    }

    /** A status without a digest: every phase but a success whose build reported one. */
    public JobState(
            JobPhase phase,
            String podName,
            Instant startTime,
            Instant finishTime,
            Condition condition,
            long observedGeneration) {
        this(phase, podName, startTime, finishTime, condition, observedGeneration, "");
    }

    public boolean isFinished() {
        return phase.isFinished();
    }

    /** The reason of the condition, or empty. */
    public String reason() {
        return condition == null ? "" : condition.reason();
    }

    public String message() {
        return condition == null ? "" : condition.message();
    }
}
