package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.JobPhase;
import io.primehub.imagebuilder.domain.model.PushedDigest;
import java.time.Instant;
import java.util.Objects;

/**
 * What a build pod says about its job: phase, reason, message, start and finish, and on success the digest of the
 * image it pushed. Pure mapping of the pod's status; the job reconciler decides whether the job may move there.
 */
public record PodProgress(
        JobPhase phase, BuildReason reason, String message, Instant startTime, Instant finishTime, String imageDigest) {

    /** Longest message kept from a termination message (a failed build's log tail). */
    static final int MAX_MESSAGE_LENGTH = 1024;

    /** The kubelet's {@code status.reason} of a pod stopped at its {@code activeDeadlineSeconds}. */
    static final String DEADLINE_EXCEEDED_POD_REASON = "DeadlineExceeded";

    public PodProgress {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(reason, "reason");
        message = Objects.requireNonNullElse(message, "");
        imageDigest = Objects.requireNonNullElse(imageDigest, "");
    }

    public PodProgress(JobPhase phase, BuildReason reason, String message, Instant startTime, Instant finishTime) {
        this(phase, reason, message, startTime, finishTime, "");
    }

    /** The digest in a successful build's termination message for exactly {@code pushedImage}; empty otherwise. */
    static String digestOf(PodTermination end, String pushedImage) {
        return end == null ? "" : PushedDigest.in(end.message(), pushedImage).orElse("");
    }

    /**
     * Maps a pod's status.
     *
     * @param pushedImage the image the build pushes, for the success message
     * @param now         the finish time when the pod does not say
     */
    public static PodProgress of(ObservedPod pod, String pushedImage, Instant now) {
        PodTermination end = pod.termination();
        Instant finish = end != null && end.finishedAt() != null ? end.finishedAt() : now;
        return switch (pod.phase()) {
            case "Running" ->
                new PodProgress(
                        JobPhase.RUNNING,
                        BuildReason.BUILDING,
                        "build pod " + pod.name() + " is running",
                        pod.startTime(),
                        null);
            case "Succeeded" ->
                new PodProgress(
                        JobPhase.SUCCEEDED,
                        BuildReason.SUCCEEDED,
                        "pushed " + pushedImage,
                        pod.startTime(),
                        finish,
                        digestOf(end, pushedImage));
            case "Failed" -> failed(pod, finish);
            default ->
                new PodProgress(
                        JobPhase.PENDING,
                        BuildReason.PENDING,
                        "waiting for build pod " + pod.name() + " to start",
                        null,
                        null);
        };
    }

    private static PodProgress failed(ObservedPod pod, Instant finish) {
        if (DEADLINE_EXCEEDED_POD_REASON.equals(pod.reason())) {
            return new PodProgress(
                    JobPhase.FAILED,
                    BuildReason.DEADLINE_EXCEEDED,
                    "build pod " + pod.name() + " ran past its deadline and was stopped",
                    pod.startTime(),
                    finish);
        }
        PodTermination end = pod.termination();
        if (end == null) {
            String detail = pod.message().isEmpty() ? pod.reason() : pod.message();
            return new PodProgress(
                    JobPhase.FAILED,
                    BuildReason.POD_FAILED,
                    "build pod " + pod.name() + " failed" + (detail.isEmpty() ? "" : ": " + detail),
                    pod.startTime(),
                    finish);
        }
        String text = "failed " + BuildExitCodes.stepOf(end.exitCode()) + " (exit code " + end.exitCode()
                + (end.reason().isEmpty() ? "" : ", " + end.reason()) + ")";
        String tail = ConditionMessages.tail(end.message().strip(), MAX_MESSAGE_LENGTH);
        return new PodProgress(
                JobPhase.FAILED,
                BuildExitCodes.reasonFor(end.exitCode()),
                tail.isEmpty() ? text : text + ": " + tail,
                pod.startTime(),
                finish);
    }
}
