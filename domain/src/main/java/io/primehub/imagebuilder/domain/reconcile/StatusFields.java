package io.primehub.imagebuilder.domain.reconcile;

/**
 * Which status fields the cluster keeps, as its CRD schema says. This project's CRDs keep everything the controller
 * writes. PrimeHub's own CRDs, which a live PrimeHub may keep when this controller replaces PrimeHub's, prune
 * {@code conditions} and {@code observedGeneration}: a decision that compared them would find them missing after
 * every write and write again for ever. With {@link #PRIMEHUB} the deciders compare only what PrimeHub's schema keeps
 * ({@code phase}, {@code jobName}, {@code image}; {@code phase}, {@code podName}, {@code startTime},
 * {@code finishTime}), so a converged object needs no write.
 */
public enum StatusFields {

    /** This project's schemas: conditions and observedGeneration are kept. */
    ALL,
    /** PrimeHub's schemas: conditions and observedGeneration are pruned. */
    PRIMEHUB;

    /** What of {@code state} survives a write under this schema. */
    public SpecState kept(SpecState state) {
        return this == ALL ? state
                : new SpecState(state.phase(), state.jobName(), state.image(), null, 0);
    }

    /** What of {@code state} survives a write under this schema. */
    public JobState kept(JobState state) {
        return this == ALL ? state
                : new JobState(state.phase(), state.podName(), state.startTime(), state.finishTime(), null, 0);
    }
}
