package io.primehub.imagebuilder.k8s;

import io.primehub.imagebuilder.domain.reconcile.JobHistory;
import java.time.Duration;
import java.util.Objects;

/**
 * Which namespaces the controller watches, how many workers reconcile each kind, where build pods run, and how long
 * finished ones stay.
 *
 * @param namespace      the one namespace to watch, or {@code ""} for all namespaces
 * @param workers        reconcile threads per kind (specs and jobs each get this many)
 * @param buildNamespace the namespace every build pod runs in, with the push secret there alone; {@code ""} runs each
 *                       build pod beside its job
 * @param podTtl         how long a finished build's pod stays after its job finished, once its log is kept
 * @param jobHistory     how many jobs a spec keeps ({@link JobHistory}: a running job and the job behind the spec's
 *                       image always stay)
 * @param skipExisting   whether a job's first build is skipped when the registry already holds its image, built from
 *                       the same recipe ({@code BuiltImages}); a rebuild asked for by {@code updateTime} always builds
 * @param identity       this replica's name, the {@code reportingInstance} of its events: the standalone controller's
 *                       Lease holder identity; {@code ""} for the host name ({@code HOSTNAME}, else {@value
 *                       #DEFAULT_IDENTITY})
 */
public record ControllerOptions(
        String namespace,
        int workers,
        String buildNamespace,
        Duration podTtl,
        int jobHistory,
        boolean skipExisting,
        String identity) {

    /** How long a finished build's pod stays, by default. */
    public static final Duration DEFAULT_POD_TTL = Duration.ofHours(1);

    /** The identity of a replica whose host has no name. */
    public static final String DEFAULT_IDENTITY = "image-builder";

    public ControllerOptions {
        namespace = Objects.requireNonNullElse(namespace, "");
        buildNamespace = Objects.requireNonNullElse(buildNamespace, "");
        podTtl = Objects.requireNonNullElse(podTtl, DEFAULT_POD_TTL);
        identity = Objects.requireNonNullElse(identity, "");
        if (workers < 1) {
            throw new IllegalArgumentException("the controller needs at least one worker, not " + workers);
        }
        if (jobHistory < 1) {
            throw new IllegalArgumentException("a spec keeps at least one job, not " + jobHistory);
        }
        if (podTtl.isZero() || podTtl.isNegative()) {
            throw new IllegalArgumentException(
                    "a finished build pod's time to live must be longer than zero, not " + podTtl);
        }
    }

    /** Builds skipped when already built. */
    public ControllerOptions(String namespace, int workers, String buildNamespace, Duration podTtl, int jobHistory) {
        this(namespace, workers, buildNamespace, podTtl, jobHistory, true, "");
    }

    /** Finished build pods kept {@link #DEFAULT_POD_TTL}. */
    public ControllerOptions(String namespace, int workers, String buildNamespace) {
        this(namespace, workers, buildNamespace, DEFAULT_POD_TTL, JobHistory.DEFAULT_KEEP);
    }

    /** Build pods beside their jobs. */
    public ControllerOptions(String namespace, int workers) {
        this(namespace, workers, "");
    }

    /** All namespaces, 2 workers, build pods beside their jobs, finished ones kept an hour. */
    public static ControllerOptions defaults() {
        return new ControllerOptions("", 2, "");
    }

    /** The same, with finished build pods deleted {@code ttl} after their job finished (their log kept). */
    public ControllerOptions withPodTtl(Duration ttl) {
        return new ControllerOptions(namespace, workers, buildNamespace, ttl, jobHistory, skipExisting, identity);
    }

    /** The same, with {@code jobs} jobs kept per spec. */
    public ControllerOptions withJobHistory(int jobs) {
        return new ControllerOptions(namespace, workers, buildNamespace, podTtl, jobs, skipExisting, identity);
    }

    /** The same, with builds of images the registry already holds skipped ({@code true}) or always run. */
    public ControllerOptions withSkipExisting(boolean skip) {
        return new ControllerOptions(namespace, workers, buildNamespace, podTtl, jobHistory, skip, identity);
    }

    /** The same, with {@code name} as this replica's identity. */
    public ControllerOptions withIdentity(String name) {
        return new ControllerOptions(namespace, workers, buildNamespace, podTtl, jobHistory, skipExisting, name);
    }

    /** This replica's identity, or when none was given, its host name. */
    public String replicaIdentity() {
        if (!identity.isEmpty()) {
            return identity;
        }
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? DEFAULT_IDENTITY : host;
    }

    /** Whether build pods run in one build namespace. */
    public boolean hasBuildNamespace() {
        return !buildNamespace.isEmpty();
    }

    /** The namespace whose pods the controller watches: the build namespace, or the watched one(s). */
    public String podNamespace() {
        return hasBuildNamespace() ? buildNamespace : namespace;
    }

    public boolean allNamespaces() {
        return namespace.isEmpty();
    }
}
