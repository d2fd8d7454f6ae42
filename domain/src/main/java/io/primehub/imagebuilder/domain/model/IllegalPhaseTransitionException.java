package io.primehub.imagebuilder.domain.model;

/** A job was asked to move between phases that do not follow one another, such as out of a finished phase. */
public final class IllegalPhaseTransitionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final JobPhase from;
    private final JobPhase to;

    public IllegalPhaseTransitionException(JobPhase from, JobPhase to) {
        super("a job cannot move from " + from.wireName() + " to " + to.wireName()
                + (from.isFinished() ? ": a finished job never moves again" : ""));
        this.from = from;
        this.to = to;
    }

    public JobPhase from() {
        return from;
    }

    public JobPhase to() {
        return to;
    }
}
