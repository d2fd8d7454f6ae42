package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.Sha1;
import io.primehub.imagebuilder.domain.model.UpdateTimes;

/**
 * Deterministic names of what a job's build needs.
 *
 * <p>A build pod is named {@code <job name>-<first 5 hex of SHA-1(updateTime)>}: one name per build attempt. The
 * update time is taken as a time ({@link UpdateTimes#canonical}), so that {@code ...00.000Z} and {@code ...00Z} are
 * one attempt.
 * A controller restarted at any point computes the same name again, so creating the pod is idempotent
 * (409 AlreadyExists means it is there). PrimeHub's console asks for a rebuild by changing
 * {@code spec.updateTime}; the spec reconciler copies it to the job, whose pod name then changes, which is
 * how the job reconciler knows to start a fresh attempt.
 */
public final class BuildPodNames {

    private static final int ATTEMPT_HASH_LENGTH = 5;

    private BuildPodNames() {}

    public static String podName(String jobName, String updateTime) {
        return jobName + "-" + Sha1.hex(UpdateTimes.canonical(updateTime)).substring(0, ATTEMPT_HASH_LENGTH);
    }

    /**
     * The ConfigMap that held a job's Dockerfile and build script in versions before the shared build script: deleted
     * with its job in a build namespace, where no owner reference takes it.
     */
    public static String earlierConfigMapName(String jobName) {
        return jobName + "-build";
    }
}
