package io.primehub.imagebuilder.app.controller;

import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.app.config.LeaderElectionSettings;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of leader election on a Lease, run on its own thread: wait for the Lease, lead while renewing it,
 * and report the end. The client's {@link LeaderElector} cannot take part again once it has stopped leading,
 * so there is exactly one round per object.
 */
final class LeaseLeaderElection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLeaderElection.class);

    private final LeaderElectionSettings settings;
    private final LeaderElector elector;
    private volatile String observedLeader = "";
    private Thread thread;

    LeaseLeaderElection(ApiClient client, LeaderElectionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        LeaseLock lock = new LeaseLock(settings.leaseNamespace(), settings.leaseName(), settings.identity(), client);
        LeaderElectionConfig config = new LeaderElectionConfig(
                lock, settings.leaseDuration(), settings.renewDeadline(), settings.retryPeriod());
        this.elector = new LeaderElector(
                config,
                failure -> LOG.warn(
                        "Cannot acquire or renew the Lease {}/{}: {}",
                        settings.leaseNamespace(),
                        settings.leaseName(),
                        failure.toString()));
    }

    /**
     * Starts the round. {@code onStartLeading} runs once the Lease is held; {@code onStopLeading} runs when the
     * round ends for any reason (lost Lease, or {@link #close()}), also when it never led.
     */
    synchronized void start(Runnable onStartLeading, Runnable onStopLeading) {
        if (thread != null) {
            throw new IllegalStateException("a leader election round runs only once");
        }
        thread = new Thread(() -> elector.run(onStartLeading, onStopLeading, this::observeLeader), "leader-election");
        thread.setDaemon(true);
        thread.start();
        LOG.info(
                "Waiting for the Lease {}/{} as {}",
                settings.leaseNamespace(),
                settings.leaseName(),
                settings.identity());
    }

    /** The holder last seen in the Lease, {@code ""} before the first look. */
    String observedLeader() {
        return observedLeader;
    }

    /** Stops the round; a leader gives the Lease up so that another replica takes over at once. */
    @Override
    public synchronized void close() {
        elector.close();
        if (thread != null) {
            // The elector's own close does not wake a round that still waits for the Lease.
            thread.interrupt();
            join(thread, settings.renewDeadline().plus(Duration.ofSeconds(1)));
        }
    }

    private void observeLeader(String holder) {
        observedLeader = holder == null ? "" : holder;
        LOG.info("The Lease {}/{} is held by {}", settings.leaseNamespace(), settings.leaseName(), observedLeader);
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
