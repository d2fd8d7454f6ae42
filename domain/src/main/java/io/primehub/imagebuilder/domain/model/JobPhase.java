package io.primehub.imagebuilder.domain.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The phases of an {@code ImageSpecJob}. A job starts {@link #PENDING}, may run, and ends in exactly one of
 * {@link #SUCCEEDED}, {@link #FAILED} or {@link #CANCELLED}; a finished job never moves again.
 */
public enum JobPhase {
    /** Created; its build pod is not running yet. */
    PENDING("Pending"),
    /** Its build pod is running. */
    RUNNING("Running"),
    /** The image was built and pushed. */
    SUCCEEDED("Succeeded"),
    /** The build failed, or its pod disappeared before it finished. */
    FAILED("Failed"),
    /** A newer revision superseded it, or someone cancelled it, before it finished. */
    CANCELLED("Cancelled");

    private final String wireName;

    JobPhase(String wireName) {
        this.wireName = wireName;
    }

    /** The phase as it is written in {@code .status.phase}. */
    public String wireName() {
        return wireName;
    }

    /** Reads {@code .status.phase}; {@code null} or empty (a job nobody has looked at yet) is {@link #PENDING}. */
    public static JobPhase fromWire(String phase) {
        if (phase == null || phase.isEmpty()) {
            return PENDING;
        }
        for (JobPhase candidate : values()) {
            if (candidate.wireName.equals(phase)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown job phase \"" + phase + "\"; expected one of Pending, Running, "
                + "Succeeded, Failed, Cancelled");
    }

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public boolean isSuccessful() {
        return this == SUCCEEDED;
    }

    /** The phases this one may move to; staying in the same phase is not a move and is always allowed. */
    public Set<JobPhase> successors() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, SUCCEEDED, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
            case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(JobPhase.class);
        };
    }

    public boolean canMoveTo(JobPhase next) {
        return next == this || successors().contains(next);
    }

    /** Returns {@code next}, or throws when a job in this phase may not move there. */
    public JobPhase moveTo(JobPhase next) {
        if (!canMoveTo(next)) {
            throw new IllegalPhaseTransitionException(this, next);
        }
        return next;
    }
}
