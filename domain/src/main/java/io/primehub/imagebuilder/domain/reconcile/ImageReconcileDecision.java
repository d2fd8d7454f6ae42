package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of the image reconciler, applied in this order: create the job or rebuild it, cancel it, write the
 * Image (status and, after a success, its urls, in one write), then record the events.
 *
 * @param jobToCreate  the Image's job, when it does not exist yet
 * @param jobToRebuild the job's new spec, when the Image asks for a new build: the job's spec is replaced and its
 *                     build attempt changes with its {@code updateTime}
 * @param cancellation the job's cancelled status, when its unfinished build is to stop
 * @param newStatus    {@code status.jobCondition} (and conditions), empty when unchanged
 * @param newUrls      {@code spec.url}, {@code spec.urlForGpu}, {@code spec.pullSecret}, empty when unchanged
 * @param events       what to record on the Image
 */
public record ImageReconcileDecision(
        Optional<ImageSpecJob> jobToCreate,
        Optional<ImageSpecJob> jobToRebuild,
        Optional<JobCancellation> cancellation,
        Optional<SpecState> newStatus,
        Optional<ImageUrls> newUrls,
        List<SpecEvent> events) {

    public static final ImageReconcileDecision NOTHING = new ImageReconcileDecision(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());

    public ImageReconcileDecision {
        jobToCreate = Objects.requireNonNullElse(jobToCreate, Optional.empty());
        jobToRebuild = Objects.requireNonNullElse(jobToRebuild, Optional.empty());
        cancellation = Objects.requireNonNullElse(cancellation, Optional.empty());
        newStatus = Objects.requireNonNullElse(newStatus, Optional.empty());
        newUrls = Objects.requireNonNullElse(newUrls, Optional.empty());
        events = List.copyOf(events);
    }

    /** Whether applying it makes no API write at all. */
    public boolean isNothing() {
        return jobToCreate.isEmpty()
                && jobToRebuild.isEmpty()
                && cancellation.isEmpty()
                && newStatus.isEmpty()
                && newUrls.isEmpty()
                && events.isEmpty();
    }

    /** Whether the Image itself is written (status or urls). */
    public boolean writesImage() {
        return newStatus.isPresent() || newUrls.isPresent();
    }
}
