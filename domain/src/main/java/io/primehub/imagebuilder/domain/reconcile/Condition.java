package io.primehub.imagebuilder.domain.reconcile;

import java.time.Instant;
import java.util.Objects;

/**
 * A Kubernetes condition. Its {@code lastTransitionTime} moves only when its status changes, so that
 * writing the same condition twice changes nothing.
 *
 * @param type               {@link #SUCCEEDED} for jobs, {@link #READY} for specs
 * @param status             True, False or Unknown
 * @param reason             one CamelCase word, usually a {@link BuildReason}
 * @param message            for people; never a secret; cut to {@link ConditionMessages#MAX_LENGTH}, valid UTF-8
 * @param lastTransitionTime when the status last changed
 * @param observedGeneration the generation of the object the condition was computed from
 */
public record Condition(
        String type,
        ConditionStatus status,
        String reason,
        String message,
        Instant lastTransitionTime,
        long observedGeneration) {

    /** The one condition of a job, as Shipwright's BuildRun has it: True done well, False failed, Unknown running. */
    public static final String SUCCEEDED = "Succeeded";
    /** The one condition of a spec: True when its current revision's image is pushed. */
    public static final String READY = "Ready";

    public Condition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        reason = Objects.requireNonNullElse(reason, "");
        message = ConditionMessages.fit(message);
        Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
    }

    public static Condition of(
            String type,
            ConditionStatus status,
            BuildReason reason,
            String message,
            Instant now,
            long observedGeneration) {
        return new Condition(type, status, reason.wireName(), message, now, observedGeneration);
    }

    /** This condition, keeping the previous transition time when the status did not change. */
    public Condition after(Condition previous) {
        if (previous != null && previous.type.equals(type) && previous.status == status) {
            return new Condition(type, status, reason, message, previous.lastTransitionTime, observedGeneration);
        }
        return this;
    }
}
