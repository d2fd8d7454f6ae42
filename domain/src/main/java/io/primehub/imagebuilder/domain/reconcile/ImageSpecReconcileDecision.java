package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of the spec reconciler, applied in this order: give the spec its update time, create the job, ask for a
 * rebuild, cancel jobs, write the status, then record the events (only once the status is written, so that each is
 * recorded once).
 *
 * @param updateTime    the update time to give a spec that has none (the spec's write starts the next step)
 * @param jobToCreate   the job of the spec's current revision, when it does not exist yet
 * @param rebuild       the current job's new {@code spec.updateTime}, when only the spec's update time changed
 * @param cancellations unfinished jobs of older revisions
 * @param newStatus     the spec's status, empty when unchanged
 * @param events        what to record on the spec
 */
public record ImageSpecReconcileDecision(
        Optional<String> updateTime,
        Optional<ImageSpecJob> jobToCreate,
        Optional<Rebuild> rebuild,
        List<JobCancellation> cancellations,
        Optional<SpecState> newStatus,
        List<SpecEvent> events) {

    /** Copy {@code updateTime} to job {@code jobName}: the job reconciler then starts a fresh attempt. */
    public record Rebuild(String jobName, String updateTime) {
        public Rebuild {
            Objects.requireNonNull(jobName, "jobName");
            Objects.requireNonNull(updateTime, "updateTime");
        }
    }

    public ImageSpecReconcileDecision {
        updateTime = Objects.requireNonNullElse(updateTime, Optional.empty());
        jobToCreate = Objects.requireNonNullElse(jobToCreate, Optional.empty());
        rebuild = Objects.requireNonNullElse(rebuild, Optional.empty());
        cancellations = List.copyOf(cancellations);
        newStatus = Objects.requireNonNullElse(newStatus, Optional.empty());
        events = List.copyOf(events);
    }

    /** Whether applying it makes no API write at all. */
    public boolean isNothing() {
        return updateTime.isEmpty()
                && jobToCreate.isEmpty()
                && rebuild.isEmpty()
                && cancellations.isEmpty()
                && newStatus.isEmpty()
                && events.isEmpty();
    }
}
