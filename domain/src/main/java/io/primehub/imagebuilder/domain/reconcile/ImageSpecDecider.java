package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.model.UpdateTimes;
import io.primehub.imagebuilder.domain.planning.JobPlanner;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import io.primehub.imagebuilder.domain.validation.InvalidImageSpecException;
import io.primehub.imagebuilder.domain.validation.Violation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The spec reconciler's decision: given a spec, the registry target and the spec's jobs, what should happen.
 *
 * <ul>
 *   <li>An invalid spec gets no job; its status says {@link BuildReason#INVALID_SPEC} with every problem.</li>
 *   <li>Without a registry target nothing is built; the status says {@link BuildReason#REGISTRY_NOT_CONFIGURED}.</li>
 *   <li>Otherwise the job of the current revision is created when missing; when only {@code updateTime}
 *       changed, the job gets the new update time, which makes the job reconciler build it afresh.</li>
 *   <li>Unfinished jobs of other revisions are cancelled ({@link BuildReason#SUPERSEDED}).</li>
 *   <li>The status mirrors the current revision's job; events mark its start, success and failure. Its
 *       {@code image} is the last image pushed: a rebuild, a failure or an invalid edit leaves it as it was, as
 *       PrimeHub's controller does and its console expects.</li>
 *   <li>A job name that an ImageSpecJob the spec does not own has taken is not created over: the status says
 *       {@link BuildReason#JOB_NAME_TAKEN}.</li>
 *   <li>Update times are compared as times ({@link UpdateTimes}), not as text. A valid spec without one first gets
 *       one, the current time at whole seconds, as PrimeHub's controller gives it; its job follows from that.</li>
 * </ul>
 */
public final class ImageSpecDecider {

    private ImageSpecDecider() {}

    public static ImageSpecReconcileDecision decide(
            ObservedSpec observed,
            Optional<RegistryTarget> target,
            String notConfiguredReason,
            List<ObservedJob> jobs,
            Clock clock) {
        return decide(observed, target, notConfiguredReason, jobs, clock, StatusFields.ALL);
    }

    /**
     * What to do about an {@code ImageSpec}, when no job of another owner has taken a name it needs.
     *
     * @param kept which status fields the cluster's schema keeps: only those count as a change
     */
    public static ImageSpecReconcileDecision decide(
            ObservedSpec observed,
            Optional<RegistryTarget> target,
            String notConfiguredReason,
            List<ObservedJob> jobs,
            Clock clock,
            StatusFields kept) {
        return decide(observed, target, notConfiguredReason, jobs, name -> false, clock, kept);
    }

    /**
     * What to do about an {@code ImageSpec}.
     *
     * @param jobNameTaken whether an ImageSpecJob of that name exists in the spec's namespace that the spec does not
     *                     own: a job the spec needs under such a name is not created, and the status says why (asked
     *                     only for a job the spec needs and does not have)
     * @param kept          which status fields the cluster's schema keeps: only those count as a change
     */
    public static ImageSpecReconcileDecision decide(
            ObservedSpec observed,
            Optional<RegistryTarget> target,
            String notConfiguredReason,
            List<ObservedJob> jobs,
            Predicate<String> jobNameTaken,
            Clock clock,
            StatusFields kept) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ImageSpec spec = observed.spec();
        long generation = observed.generation();
        List<Violation> problems = List.of();
        Optional<ImageSpecJob> plan = Optional.empty();
        if (target.isPresent()) {
            try {
                plan = Optional.of(JobPlanner.plan(spec, target.get()));
            } catch (InvalidImageSpecException e) {
                problems = e.violations();
            }
        } else {
            problems = ImageSpecValidator.problems(spec);
        }
        if (problems.isEmpty() && target.isPresent() && spec.updateTime().isBlank()) {
            return new ImageSpecReconcileDecision(
                    Optional.of(UpdateTimes.canonical(now.toString())),
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    Optional.empty(),
                    List.of());
        }

        Optional<ImageSpecJob> toCreate = Optional.empty();
        Optional<ImageSpecReconcileDecision.Rebuild> rebuild = Optional.empty();
        String currentJobName;
        SpecState status;
        if (!problems.isEmpty()) {
            currentJobName = "";
            status = SpecStatuses.invalid(problems, generation, now);
        } else if (target.isEmpty()) {
            currentJobName = "";
            status = SpecStatuses.registryNotConfigured(notConfiguredReason, generation, now);
        } else {
            ImageSpecJob planned = plan.orElseThrow();
            currentJobName = planned.name();
            Optional<ObservedJob> existing =
                    jobs.stream().filter(j -> j.name().equals(planned.name())).findFirst();
            if (existing.isEmpty() && jobNameTaken.test(planned.name())) {
                status = SpecStatuses.jobNameTaken(planned, generation, now);
            } else if (existing.isEmpty()) {
                toCreate = Optional.of(planned);
                status = SpecStatuses.waitingFor(planned.name(), generation, now);
            } else if (!UpdateTimes.same(existing.get().job().updateTime(), planned.updateTime())) {
                rebuild = Optional.of(new ImageSpecReconcileDecision.Rebuild(planned.name(), planned.updateTime()));
                status = SpecStatuses.waitingFor(planned.name(), generation, now);
            } else {
                status = SpecStatuses.mirror(existing.get(), planned, generation, now);
            }
        }

        List<JobCancellation> cancellations = new ArrayList<>();
        for (ObservedJob job : jobs) {
            if (!job.state().isFinished() && !job.name().equals(currentJobName)) {
                String message = currentJobName.isEmpty()
                        ? "the spec changed and no longer builds revision "
                                + job.job().revision()
                        : "superseded by job " + currentJobName;
                cancellations.add(new JobCancellation(
                        job.name(), JobDecider.cancelled(job, BuildReason.SUPERSEDED, message, clock)));
            }
        }

        SpecState previous = observed.state();
        SpecState next = SpecStatuses.following(previous, status);
        boolean changed = !kept.kept(next).equals(kept.kept(previous));
        return new ImageSpecReconcileDecision(
                Optional.empty(),
                toCreate,
                rebuild,
                cancellations,
                changed ? Optional.of(next) : Optional.empty(),
                changed ? SpecStatuses.eventsFor(previous, next) : List.of());
    }
}
