package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import java.util.Objects;

/**
 * What a job's owner (its {@code ImageSpec} or {@code Image}) asks for now, as the adapter found it: the job it plans,
 * nothing (the owner builds nothing now: it is invalid, cancelled, or no registry is configured), or no owner at all.
 */
public sealed interface OwnerPlan {

    /** The owner plans {@code job} (push target and secret from the controller's settings). */
    record Plans(ImageSpecJob job) implements OwnerPlan {
        public Plans {
            Objects.requireNonNull(job, "job");
        }
    }

    /** The owner exists and builds nothing now; its own reconciler reports why. */
    record NothingNow() implements OwnerPlan {}

    /** No owner that the controller reconciles: {@code why} says which was looked for. */
    record Missing(String why) implements OwnerPlan {
        public Missing {
            Objects.requireNonNull(why, "why");
        }
    }
}
