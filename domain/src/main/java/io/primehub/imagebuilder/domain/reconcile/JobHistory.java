package io.primehub.imagebuilder.domain.reconcile;

import java.util.List;

/**
 * Which jobs of a spec go: all but the newest {@code keep} (by creation), except a job that has not
 * finished and the job behind the spec's {@code status.image} (the last image pushed), which always stay. A job goes
 * with its pods and ConfigMaps (they are owned by it).
 */
public final class JobHistory {

    /** How many jobs a spec keeps, by default. */
    public static final int DEFAULT_KEEP = 10;

    private JobHistory() {}

    /**
     * The names of the jobs to delete; none when the spec has at most {@code keep}.
     *
     * @param newestFirst the spec's jobs, the most recently created first
     */
    public static List<String> toPrune(List<ObservedJob> newestFirst, SpecState spec, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("a spec keeps at least one job, not " + keep);
        }
        return newestFirst.stream()
                .skip(keep)
                .filter(job -> job.state().isFinished())
                .filter(job -> !job.name().equals(spec.jobName()))
                // the job that pushed the spec's image stays, also after a later rebuild of it failed
                .filter(job ->
                        spec.image().isEmpty() || !job.job().pushedImage().equals(spec.image()))
                .map(ObservedJob::name)
                .toList();
    }
}
