package io.primehub.imagebuilder.app.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How replicas of the controller agree on the one that acts: a {@code coordination.k8s.io} Lease.
 *
 * @param enabled        off only for a single replica (or a developer's run); two replicas without it both act
 * @param leaseName      the Lease object
 * @param leaseNamespace where the Lease lives, normally the controller's own namespace
 * @param identity       this replica's name in the Lease; unique per process
 * @param leaseDuration  how long a silent leader keeps the Lease before another may take it
 * @param renewDeadline  how long the leader keeps trying to renew before it gives up leading
 * @param retryPeriod    the wait between two tries
 */
public record LeaderElectionSettings(
        boolean enabled,
        String leaseName,
        String leaseNamespace,
        String identity,
        Duration leaseDuration,
        Duration renewDeadline,
        Duration retryPeriod) {

    public static final String DEFAULT_LEASE_NAME = "primehub-image-builder";
    public static final String DEFAULT_LEASE_NAMESPACE = "default";
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

    public LeaderElectionSettings {
        Objects.requireNonNull(leaseName, "leaseName");
        Objects.requireNonNull(leaseNamespace, "leaseNamespace");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(renewDeadline, "renewDeadline");
        Objects.requireNonNull(retryPeriod, "retryPeriod");
        if (leaseDuration.compareTo(renewDeadline) <= 0
                || renewDeadline.compareTo(retryPeriod) <= 0
                || retryPeriod.isNegative()
                || retryPeriod.isZero()) {
            throw new IllegalArgumentException("leader election needs leaseDuration > renewDeadline > retryPeriod > 0");
        }
    }

    /** Leader election with the default timings. */
    public static LeaderElectionSettings enabled(String leaseName, String leaseNamespace, String identity) {
        return new LeaderElectionSettings(
                true,
                leaseName,
                leaseNamespace,
                identity,
                DEFAULT_LEASE_DURATION,
                DEFAULT_RENEW_DEADLINE,
                DEFAULT_RETRY_PERIOD);
    }
}
