package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobPhase;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.model.UpdateTimes;
import io.primehub.imagebuilder.domain.planning.JobPlanner;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import io.primehub.imagebuilder.domain.validation.InvalidImageSpecException;
import io.primehub.imagebuilder.domain.validation.Violation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The image reconciler's decision: given an {@code Image} of PrimeHub's console, the registry target and the Image's
 * job, what should happen. The build is the one an {@code ImageSpec} gets (same validation, renderer and build pod);
 * what differs is PrimeHub's contract for the Image:
 *
 * <ul>
 *   <li>An Image without {@code spec.imageSpec.baseImage} is an ordinary image: left alone.</li>
 *   <li>Its one job is named after the Image. A missing job is created; without an {@code updateTime} on the Image, the
 *       job gets the current time, as PrimeHub's controller gives it (the console adds the Image's a moment later).</li>
 *   <li>The job is built again, in place, when the Image's {@code updateTime} is later than the job's (the console's
 *       Rebuild), when the base image or packages changed (the job's revision), or when the job was cancelled and the
 *       Image no longer asks to cancel.</li>
 *   <li>{@code spec.imageSpec.cancel: true} stops an unfinished build: the job ends {@code Cancelled}, its pod goes, and
 *       the Image shows {@code Cancelled}. A build that already finished keeps its result.</li>
 *   <li>{@code status.jobCondition} mirrors the job as an {@code ImageSpec}'s status does; its {@code image} is the last
 *       image pushed. After a success, {@code spec.url} and {@code spec.urlForGpu} name the pushed image and
 *       {@code spec.pullSecret} the push secret, as PrimeHub's controller writes them.</li>
 *   <li>Invalid packages or base image: no build; {@code Failed} with {@link BuildReason#INVALID_SPEC} and every problem
 *       in the condition (and in an event, which a schema that prunes conditions still shows).</li>
 * </ul>
 *
 * <p>An Image's status is part of the main resource (PrimeHub's CRD has no status subresource), so every write changes
 * its {@code metadata.generation}: the Image's generation is never recorded, or each write would call for another.
 */
public final class ImageDecider {

    private ImageDecider() {}

    /**
     * What to do about a console {@code Image}, when no job of another owner has taken its name.
     *
     * @param job  the job named after the Image and owned by it, if any
     * @param kept which status fields the cluster's Image schema keeps: only those count as a change
     */
    public static ImageReconcileDecision decide(
            ObservedImage image,
            Optional<RegistryTarget> target,
            String notConfiguredReason,
            Optional<ObservedJob> job,
            Clock clock,
            StatusFields kept) {
        return decide(image, target, notConfiguredReason, job, false, clock, kept);
    }

    /**
     * What to do about a console {@code Image}.
     *
     * @param jobNameTaken whether an ImageSpecJob named after the Image exists that the Image does not own: it is not
     *                     created over, and the status says why
     */
    public static ImageReconcileDecision decide(
            ObservedImage image,
            Optional<RegistryTarget> target,
            String notConfiguredReason,
            Optional<ObservedJob> job,
            boolean jobNameTaken,
            Clock clock,
            StatusFields kept) {
        if (!image.isCustomBuild()) {
            return ImageReconcileDecision.NOTHING;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ImageSpec spec = image.imageSpec();
        String jobUpdateTime = spec.updateTime().isBlank() ? UpdateTimes.canonical(now.toString()) : spec.updateTime();
        List<Violation> problems = List.of();
        Optional<ImageSpecJob> plan = Optional.empty();
        if (target.isPresent()) {
            try {
                plan = Optional.of(JobPlanner.planForImage(spec, target.get(), jobUpdateTime));
            } catch (InvalidImageSpecException e) {
                problems = e.violations();
            }
        } else {
            problems = ImageSpecValidator.problems(spec);
        }

        // A job whose next attempt was asked for but has not started yet is not finished: its status is the last one's.
        Optional<ObservedJob> unfinished = job.filter(j -> !j.state().isFinished() || !j.reportsCurrentAttempt());
        Optional<ImageSpecJob> toCreate = Optional.empty();
        Optional<ImageSpecJob> toRebuild = Optional.empty();
        Optional<JobCancellation> cancellation = Optional.empty();
        SpecState status;
        if (image.cancel()) {
            if (unfinished.isPresent()) {
                ObservedJob running = unfinished.get();
                JobState cancelled = JobDecider.cancelled(
                        running,
                        BuildReason.CANCELLED,
                        "the Image asks to cancel its build (spec.imageSpec.cancel is true)",
                        clock);
                cancellation = Optional.of(new JobCancellation(running.name(), cancelled));
                status = SpecStatuses.mirror(
                        new ObservedJob(running.job(), running.generation(), cancelled, running.managed()), 0, now);
            } else if (job.isPresent()) {
                // It finished before the cancel: its result stands (published only where the controller pushes).
                ObservedJob finished = job.get();
                status = plan.map(planned -> SpecStatuses.mirror(finished, planned, 0, now))
                        .orElseGet(() -> SpecStatuses.mirror(finished, 0, now));
            } else {
                status = new SpecState(
                        JobPhase.CANCELLED.wireName(),
                        image.state().jobName(),
                        "",
                        Condition.of(
                                Condition.READY,
                                ConditionStatus.FALSE,
                                BuildReason.CANCELLED,
                                "no build: the Image asks to cancel it (spec.imageSpec.cancel is true)",
                                now,
                                0),
                        0);
            }
        } else if (!problems.isEmpty()) {
            status = SpecStatuses.invalid(problems, 0, now);
            cancellation = unfinished.map(j -> new JobCancellation(
                    j.name(),
                    JobDecider.cancelled(
                            j, BuildReason.SUPERSEDED, "the Image's spec.imageSpec is no longer valid", clock)));
        } else if (target.isEmpty()) {
            status = SpecStatuses.registryNotConfigured(notConfiguredReason, 0, now);
        } else {
            ImageSpecJob planned = plan.orElseThrow();
            if (job.isEmpty() && jobNameTaken) {
                status = SpecStatuses.jobNameTaken(planned, 0, now);
            } else if (job.isEmpty()) {
                toCreate = Optional.of(planned);
                status = SpecStatuses.waitingFor(planned.name(), 0, now);
            } else if (asksForRebuild(spec, planned, job.get())) {
                toRebuild = Optional.of(planned.withUpdateTime(rebuildTime(spec, job.get(), now)));
                status = SpecStatuses.waitingFor(planned.name(), 0, now);
            } else if (!job.get().reportsCurrentAttempt()) {
                status = SpecStatuses.waitingFor(planned.name(), 0, now);
            } else {
                status = SpecStatuses.mirror(job.get(), planned, 0, now);
            }
        }

        SpecState previous = image.state();
        SpecState next = SpecStatuses.following(previous, status);
        boolean changed = !kept.kept(next).equals(kept.kept(previous));
        Optional<ImageUrls> urls = Optional.empty();
        if (toCreate.isEmpty() && toRebuild.isEmpty()) {
            Optional<ImageSpecJob> published = plan;
            urls = job.filter(j -> j.state().phase() == JobPhase.SUCCEEDED
                            && j.reportsCurrentAttempt()
                            && published.isPresent()
                            && SpecStatuses.pushesWherePlanned(j.job(), published.get()))
                    .map(j -> new ImageUrls(
                            j.job().pushedImage(),
                            j.job().pushedImage(),
                            j.job().pushSecret()))
                    .filter(desired -> !desired.equals(image.urls()));
        }
        return new ImageReconcileDecision(
                toCreate,
                toRebuild,
                cancellation,
                changed ? Optional.of(next) : Optional.empty(),
                urls,
                changed ? SpecStatuses.eventsFor(previous, next) : List.of());
    }

    /**
     * Whether the Image asks for its job to be built again: a later update time (the console's Rebuild), another base
     * image or packages, or a build cancelled earlier that the Image no longer cancels.
     */
    private static boolean asksForRebuild(ImageSpec spec, ImageSpecJob planned, ObservedJob job) {
        // The job's content, not its annotation: a job whose fields were changed by hand is brought back.
        Revision content = Revision.of(job.job().baseImage(), job.job().packages());
        return isLater(spec.updateTime(), job.job().updateTime())
                || !planned.revision().equals(content)
                || (job.state().phase() == JobPhase.CANCELLED && job.reportsCurrentAttempt());
    }

    /** The job's update time for a rebuild: the Image's when it is later, else one that is later than the job's. */
    private static String rebuildTime(ImageSpec spec, ObservedJob job, Instant now) {
        return isLater(spec.updateTime(), job.job().updateTime())
                ? spec.updateTime()
                : UpdateTimes.next(job.job().updateTime(), now);
    }

    private static boolean isLater(String candidate, String than) {
        Optional<Instant> time = UpdateTimes.instant(candidate);
        Optional<Instant> other = UpdateTimes.instant(than);
        return time.isPresent() && (other.isEmpty() || time.get().isAfter(other.get()));
    }
}
