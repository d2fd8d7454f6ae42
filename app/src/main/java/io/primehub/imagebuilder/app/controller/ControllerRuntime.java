package io.primehub.imagebuilder.app.controller;

import com.sun.net.httpserver.HttpHandler;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.VersionInfo;
import io.primehub.imagebuilder.app.config.HealthSettings;
import io.primehub.imagebuilder.app.config.ImageBuilderConfig;
import io.primehub.imagebuilder.app.config.LeaderElectionSettings;
import io.primehub.imagebuilder.app.embed.ControllerService;
import io.primehub.imagebuilder.app.metrics.PrometheusMetrics;
import io.primehub.imagebuilder.k8s.TolerantJson;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone controller process: health endpoints, a check that the API server answers, the CRDs when
 * asked, then leader election, and the controller while this replica leads.
 *
 * <p>A replica that loses its Lease stops the controller and calls the exit callback with
 * {@link ControllerExitCodes#LEADERSHIP_LOST}: the client's leader elector cannot run a second round, so the
 * process ends and its Deployment starts it again as a candidate. {@link #close()} (on SIGTERM) stops the
 * controller first and then gives the Lease up, so that another replica takes over without waiting for it to
 * expire.
 *
 * <p>{@code /readyz}: 200 {@code ready} when leading with a synced controller; 200 {@code standby} while
 * waiting for the Lease, so that a rollout of several replicas can proceed (no traffic is routed by readiness);
 * 503 while starting, while the leader's caches sync, and while stopping.
 */
public final class ControllerRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerRuntime.class);

    enum State {
        CREATED,
        STARTING,
        STANDBY,
        LEADING,
        STOPPING,
        STOPPED
    }

    private final HealthSettings healthSettings;
    private final LeaderElectionSettings leaderElection;
    private final boolean installCrds;
    private final ApiClient client;
    private final ControllerService controller;
    private final CrdInstaller crds;
    private final IntConsumer exit;
    private final AtomicBoolean exited = new AtomicBoolean();

    private volatile State state = State.CREATED;
    private volatile boolean closing;
    private volatile HealthServer health;
    private volatile LeaseLeaderElection election;
    private final Optional<HttpHandler> metrics;

    /**
     * @param exit called at most once, when the process should end with the given status; the command line
     *             exits the JVM with it, a test records it
     */
    public ControllerRuntime(
            HealthSettings health,
            LeaderElectionSettings leaderElection,
            boolean installCrds,
            ApiClient client,
            ControllerService controller,
            CrdInstaller crds,
            IntConsumer exit) {
        this(health, leaderElection, installCrds, client, controller, crds, exit, Optional.empty());
    }

    /** @param metrics served on {@code /metrics} of the health port, told whether this replica leads */
    public ControllerRuntime(
            HealthSettings health,
            LeaderElectionSettings leaderElection,
            boolean installCrds,
            ApiClient client,
            ControllerService controller,
            CrdInstaller crds,
            IntConsumer exit,
            Optional<PrometheusMetrics> metrics) {
        this.metrics =
                metrics.map(prometheus -> prometheus.withLeader(this::isLeading).handler());
        this.healthSettings = Objects.requireNonNull(health, "health");
        this.leaderElection = Objects.requireNonNull(leaderElection, "leaderElection");
        this.installCrds = installCrds;
        this.client = TolerantJson.install(Objects.requireNonNull(client, "client"));
        this.controller = Objects.requireNonNull(controller, "controller");
        this.crds = Objects.requireNonNull(crds, "crds");
        this.exit = Objects.requireNonNull(exit, "exit");
    }

    /** The runtime the configuration asks for. */
    public static ControllerRuntime forConfig(
            ImageBuilderConfig config,
            ApiClient client,
            ControllerService controller,
            CrdInstaller crds,
            IntConsumer exit,
            Optional<PrometheusMetrics> metrics) {
        return new ControllerRuntime(
                config.health(),
                config.leaderElection(),
                config.installCrds(),
                client,
                controller,
                crds,
                exit,
                metrics);
    }

    /**
     * Starts everything and returns; the controller runs on background threads.
     *
     * @throws ControllerStartupException when the API server does not answer or the CRDs cannot be installed
     */
    public void start() {
        synchronized (this) {
            if (state != State.CREATED) {
                throw new IllegalStateException("the controller runtime starts only once");
            }
            state = State.STARTING;
        }
        try {
            HealthServer server = HealthServer.start(healthSettings, this::readiness, metrics);
            synchronized (this) {
                if (closing) {
                    server.close();
                    return;
                }
                health = server;
            }
            checkApiServer();
            if (installCrds) {
                installCrds();
            }
            beginActing();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    // Under the lock, so that a close() arriving meanwhile (SIGTERM during start) either sees the election or
    // stops it from starting.
    private synchronized void beginActing() {
        if (closing) {
            return;
        }
        if (leaderElection.enabled()) {
            state = State.STANDBY;
            election = new LeaseLeaderElection(client, leaderElection);
            election.start(this::onStartLeading, this::onStopLeading);
        } else {
            LOG.warn("Leader election is off: run a single replica only");
            controller.start();
            state = State.LEADING;
        }
    }

    /** What {@code /readyz} answers now. */
    public Readiness readiness() {
        return switch (state) {
            case CREATED, STARTING -> Readiness.notReady("starting");
            case STANDBY ->
                Readiness.ready("standby: waiting for the Lease " + leaderElection.leaseNamespace() + "/"
                        + leaderElection.leaseName() + currentLeader());
            case LEADING ->
                controller.isReady()
                        ? Readiness.ready("ready")
                        : Readiness.notReady("leading; the controller's caches are syncing");
            case STOPPING, STOPPED -> Readiness.notReady("stopping");
        };
    }

    /** Whether this replica runs the controller. */
    public boolean isLeading() {
        return state == State.LEADING;
    }

    /** The port of the health endpoints (the bound one when configured as 0). */
    public int healthPort() {
        HealthServer server = health;
        if (server == null) {
            throw new IllegalStateException("the health server is not running");
        }
        return server.port();
    }

    /** Stops the controller, gives the Lease up and stops serving; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            state = State.STOPPING;
        }
        // The controller stops before the Lease is released, so that two leaders never act at once.
        stopController();
        LeaseLeaderElection round = election;
        if (round != null) {
            round.close();
        }
        HealthServer server = health;
        if (server != null) {
            health = null;
            server.close();
        }
        state = State.STOPPED;
        LOG.info("Controller runtime stopped");
    }

    private void checkApiServer() {
        try {
            VersionInfo version = new VersionApi(client).getCode().execute();
            LOG.info(
                    "Connected to the Kubernetes API server {} (version {})",
                    client.getBasePath(),
                    version.getGitVersion());
        } catch (ApiException e) {
            String reason = e.getCode() != 0
                    ? "HTTP " + e.getCode()
                    : e.getCause() != null ? e.getCause().toString() : String.valueOf(e.getMessage());
            throw new ControllerStartupException(
                    "cannot reach the Kubernetes API server at " + client.getBasePath() + " (" + reason
                            + "); check KUBECONFIG or the pod's service account",
                    e);
        } catch (RuntimeException e) {
            throw new ControllerStartupException(
                    "the server at " + client.getBasePath() + " does not answer as a Kubernetes API server ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    private void installCrds() {
        try {
            crds.install(client);
            LOG.info("Installed the image builder's CRDs");
        } catch (RuntimeException e) {
            throw new ControllerStartupException(
                    "cannot install the CRDs (" + e.getMessage() + "); if the API"
                            + " server forbids it, grant deploy/rbac-install-crds.yaml, or apply deploy/crds/ and start"
                            + " without installing them",
                    e);
        }
    }

    private void onStartLeading() {
        synchronized (this) {
            // Started under the lock: a close() that comes meanwhile waits, then stops it.
            if (closing) {
                return;
            }
            state = State.LEADING;
            LOG.info("Leading as {}: starting the controller", leaderElection.identity());
            try {
                controller.start();
                return;
            } catch (RuntimeException e) {
                LOG.error("The controller failed to start", e);
                state = State.STOPPING;
            }
        }
        stopController();
        requestExit(ControllerExitCodes.CONTROLLER_FAILED);
    }

    private void onStopLeading() {
        boolean wasLeading;
        synchronized (this) {
            if (closing) {
                return;
            }
            wasLeading = state == State.LEADING;
            state = State.STOPPING;
        }
        stopController();
        if (wasLeading) {
            LOG.error(
                    "Lost the Lease {}/{}; exiting so that the Deployment restarts this replica as a candidate",
                    leaderElection.leaseNamespace(),
                    leaderElection.leaseName());
        } else {
            LOG.error("Leader election ended before this replica led; exiting to start over");
        }
        requestExit(ControllerExitCodes.LEADERSHIP_LOST);
    }

    private void stopController() {
        try {
            controller.stop();
        } catch (RuntimeException e) {
            LOG.warn("The controller did not stop cleanly", e);
        }
    }

    private void requestExit(int status) {
        if (exited.compareAndSet(false, true)) {
            exit.accept(status);
        }
    }

    private String currentLeader() {
        LeaseLeaderElection round = election;
        String leader = round == null ? "" : round.observedLeader();
        return leader.isEmpty() ? "" : " (held by " + leader + ")";
    }
}
