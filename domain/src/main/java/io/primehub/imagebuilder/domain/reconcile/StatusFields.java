package io.primehub.imagebuilder.domain.reconcile;

/**
 * Which status fields the cluster keeps, as its CRD schema says. This project's CRDs keep everything the controller
 * writes. PrimeHub's own CRDs, which a live PrimeHub may keep when this controller replaces PrimeHub's, prune
 * {@code conditions} and {@code observedGeneration}: a decision that compared them would find them missing after
 * every write and write again for ever. With {@link #PRIMEHUB} the deciders compare only what PrimeHub's schema keeps
 * ({@code phase}, {@code jobName}, {@code image}; {@code phase}, {@code podName}, {@code startTime},
 * {@code finishTime}), so a converged object needs no write. The same holds for {@code imageDigest}, which both
 * PrimeHub's schemas and this project's earlier ones prune.
 */
public enum StatusFields {

    /** This project's schemas: conditions, observedGeneration and imageDigest are kept. */
    ALL,
    /** This project's schemas before imageDigest (a cluster whose CRDs were not updated): imageDigest is pruned. */
    WITHOUT_DIGEST,
    /** PrimeHub's schemas: conditions, observedGeneration and imageDigest are pruned. */
    PRIMEHUB;

    /** What of {@code state} survives a write under this schema. */
    public SpecState kept(SpecState state) {
        return switch (this) {
            case ALL -> state;
            case WITHOUT_DIGEST ->
                new SpecState(
                        state.phase(), state.jobName(), state.image(), state.condition(), state.observedGeneration());
            case PRIMEHUB -> new SpecState(state.phase(), state.jobName(), state.image(), null, 0);
        };
    }

    /** What of {@code state} survives a write under this schema. */
    public JobState kept(JobState state) {
        return switch (this) {
            case ALL -> state;
            case WITHOUT_DIGEST ->
                new JobState(
                        state.phase(),
                        state.podName(),
                        state.startTime(),
                        state.finishTime(),
                        state.condition(),
                        state.observedGeneration());
            case PRIMEHUB ->
                new JobState(state.phase(), state.podName(), state.startTime(), state.finishTime(), null, 0);
        };
    }

    /** The schema that keeps {@code conditions} (and observedGeneration) and {@code imageDigest} as said. */
    public static StatusFields keeping(boolean conditions, boolean imageDigest) {
        return !conditions ? PRIMEHUB : imageDigest ? ALL : WITHOUT_DIGEST;
    }
}
