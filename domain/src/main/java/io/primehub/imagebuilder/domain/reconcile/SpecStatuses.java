package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobPhase;
import io.primehub.imagebuilder.domain.validation.Violation;
import java.time.Instant;
import java.util.List;

/**
 * The status an {@code ImageSpec} shows, and an {@code Image} shows in {@code status.jobCondition}: both report their
 * newest job the same way ({@link SpecState}), and record the same events.
 */
final class SpecStatuses {

    private SpecStatuses() {}

    static SpecState invalid(List<Violation> problems, long generation, Instant now) {
        return notReady(JobPhase.FAILED, "", BuildReason.INVALID_SPEC, describe(problems), generation, now);
    }

    static SpecState registryNotConfigured(String reason, long generation, Instant now) {
        String why = reason == null || reason.isBlank() ? "no registry is configured for custom images" : reason;
        return notReady(JobPhase.PENDING, "", BuildReason.REGISTRY_NOT_CONFIGURED, why, generation, now);
    }

    /** The job the spec or Image needs has a name that a job it does not own has taken. */
    static SpecState jobNameTaken(ImageSpecJob planned, long generation, Instant now) {
        return notReady(
                JobPhase.FAILED,
                "",
                BuildReason.JOB_NAME_TAKEN,
                "an ImageSpecJob named " + planned.name() + " exists in namespace " + planned.namespace()
                        + " and is not this " + planned.origin().ownerKind()
                        + "'s: nothing is built under its name until it is deleted",
                generation,
                now);
    }

    /** A status whose {@code Ready} condition is {@code False}, with no image of its own. */
    private static SpecState notReady(
            JobPhase phase, String jobName, BuildReason reason, String message, long generation, Instant now) {
        return withoutImage(phase, jobName, ConditionStatus.FALSE, reason, message, generation, now);
    }

    /**
     * A status with no image of its own (a job on its way, or none): {@link #following} keeps the last one pushed.
     */
    private static SpecState withoutImage(
            JobPhase phase,
            String jobName,
            ConditionStatus ready,
            BuildReason reason,
            String message,
            long generation,
            Instant now) {
        return new SpecState(
                phase.wireName(),
                jobName,
                "",
                Condition.of(Condition.READY, ready, reason, message, now, generation),
                generation);
    }

    /**
     * The status after {@code previous} that reports {@code status}: the last image pushed (and its digest) is kept
     * while the newest job has none, and the condition keeps its transition time while it says the same.
     */
    static SpecState following(SpecState previous, SpecState status) {
        boolean keep = status.image().isEmpty();
        return new SpecState(
                status.phase(),
                status.jobName(),
                keep ? previous.image() : status.image(),
                keep ? previous.imageDigest() : status.imageDigest(),
                status.condition().after(previous.condition()),
                status.observedGeneration());
    }

    static SpecState waitingFor(String jobName, long generation, Instant now) {
        return withoutImage(
                JobPhase.PENDING,
                jobName,
                ConditionStatus.UNKNOWN,
                BuildReason.PENDING,
                "waiting for job " + jobName + " to start",
                generation,
                now);
    }

    /**
     * The status that reports {@code job}, which the controller plans as {@code planned}: a success is published (its
     * image becomes the status's) only when the job says it pushed where the controller pushes. A job whose push
     * target was changed after its build (by hand: whoever may write jobs) is not published: the status says so, and a
     * rebuild pushes again where the settings say.
     */
    static SpecState mirror(ObservedJob job, ImageSpecJob planned, long generation, Instant now) {
        if (job.state().phase() == JobPhase.SUCCEEDED && !pushesWherePlanned(job.job(), planned)) {
            return notReady(
                    JobPhase.FAILED,
                    job.name(),
                    BuildReason.REFUSED,
                    "job " + job.name() + " says it pushed " + job.job().pushedImage()
                            + ", which is not where the controller pushes (" + planned.pushedImage()
                            + "): not published; rebuild to push it again",
                    generation,
                    now);
        }
        return mirror(job, generation, now);
    }

    /** Whether the job's push target is the one the controller plans (where an image of this revision is). */
    static boolean pushesWherePlanned(ImageSpecJob job, ImageSpecJob planned) {
        return job.targetImage().equals(planned.targetImage())
                && job.repoPrefix().equals(planned.repoPrefix());
    }

    static SpecState mirror(ObservedJob job, long generation, Instant now) {
        JobState state = job.state();
        String name = job.name();
        return switch (state.phase()) {
            case PENDING -> waitingFor(name, generation, now);
            case RUNNING ->
                withoutImage(
                        JobPhase.RUNNING,
                        name,
                        ConditionStatus.UNKNOWN,
                        BuildReason.BUILDING,
                        "job " + name + " is building",
                        generation,
                        now);
            case SUCCEEDED -> succeeded(job, generation, now);
            case FAILED, CANCELLED ->
                new SpecState(
                        state.phase().wireName(),
                        name,
                        "",
                        new Condition(
                                Condition.READY,
                                ConditionStatus.FALSE,
                                state.reason().isEmpty() ? state.phase().wireName() : state.reason(),
                                "job " + name + ": " + state.message(),
                                now,
                                generation),
                        generation);
        };
    }

    /** A spec whose job pushed its image, or found it already built (nothing was built then: the message says so). */
    private static SpecState succeeded(ObservedJob job, long generation, Instant now) {
        JobState state = job.state();
        boolean alreadyBuilt = state.reason().equals(BuildReason.ALREADY_BUILT.wireName());
        String message = alreadyBuilt
                ? "job " + job.name() + ": " + state.message()
                : "job " + job.name() + " pushed " + job.job().pushedImage();
        return new SpecState(
                JobPhase.SUCCEEDED.wireName(),
                job.name(),
                job.job().pushedImage(),
                state.imageDigest(),
                Condition.of(
                        Condition.READY,
                        ConditionStatus.TRUE,
                        alreadyBuilt ? BuildReason.ALREADY_BUILT : BuildReason.SUCCEEDED,
                        message,
                        now,
                        generation),
                generation);
    }

    static String describe(List<Violation> problems) {
        return ConditionMessages.listing(
                problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the image spec: ",
                problems.stream().map(Violation::toString).toList(),
                "problem");
    }

    static List<SpecEvent> eventsFor(SpecState previous, SpecState next) {
        boolean sameStory = previous.phase().equals(next.phase())
                && previous.jobName().equals(next.jobName())
                && previous.reason().equals(next.reason());
        if (sameStory) {
            return List.of();
        }
        String message = next.condition().message();
        String reason = next.reason();
        if (reason.equals(BuildReason.INVALID_SPEC.wireName())
                || reason.equals(BuildReason.REGISTRY_NOT_CONFIGURED.wireName())) {
            return List.of(new SpecEvent(true, reason, message));
        }
        return switch (JobPhase.fromWire(next.phase())) {
            case RUNNING -> List.of(new SpecEvent(false, SpecEvent.BUILD_STARTED, message));
            case SUCCEEDED ->
                List.of(new SpecEvent(
                        false,
                        reason.equals(BuildReason.ALREADY_BUILT.wireName())
                                ? BuildReason.ALREADY_BUILT.wireName()
                                : SpecEvent.BUILD_SUCCEEDED,
                        message));
            case FAILED -> List.of(new SpecEvent(true, SpecEvent.BUILD_FAILED, reason + ": " + message));
            case PENDING, CANCELLED -> List.of();
        };
    }
}
