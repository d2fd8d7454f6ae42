package io.primehub.imagebuilder.it.e2e;

import static org.awaitility.Awaitility.await;

import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.ListOptions;
import io.primehub.imagebuilder.it.support.FileTrees;
import io.primehub.imagebuilder.it.support.PodFileSystem;
import io.primehub.imagebuilder.it.support.PodStatusPatch;
import io.primehub.imagebuilder.it.support.RawApi;
import io.primehub.imagebuilder.k8s.controller.Informers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet the test control plane lacks, for build pods: an informer on the pods labelled
 * {@code app=primehub-custom-image} of one namespace; every Pending pod it has not handled yet is run once on this
 * machine, as a kubelet would run it in the builder image.
 *
 * <ol>
 *   <li>Its volumes are materialized in a private folder ({@link PodFileSystem}); ConfigMaps and Secrets are read
 *       through the API server ({@link ApiVolumes}). One that is missing keeps the pod Pending, its container waiting in
 *       {@code ContainerCreating}, and is tried again, as the kubelet does.</li>
 *   <li>The status becomes Running ({@code startTime}, a running container), then the container's command runs
 *       with bash ({@link ContainerProcess}).</li>
 *   <li>When it ends, the status becomes Succeeded or Failed with a terminated container: exit code,
 *       {@code Completed}/{@code Error}, the termination message file's content as message (with
 *       {@code FallbackToLogsOnError} and an empty file, the log's tail), start and finish.</li>
 *   <li>At {@code activeDeadlineSeconds} after the start, the container is stopped ({@code TERM}, then
 *       {@code KILL} after the pod's grace period) and the pod fails with reason {@code DeadlineExceeded}.</li>
 *   <li>A pod being deleted has its container stopped.</li>
 * </ol>
 * Every status change is a patch of {@code pods/status}. {@link #close()} stops running containers, removes every
 * folder and leaves no process behind.
 */
final class LocalKubelet implements AutoCloseable {

    static final String BUILD_POD_SELECTOR = "app=primehub-custom-image";

    private static final Logger LOG = LoggerFactory.getLogger(LocalKubelet.class);
    private static final Duration VOLUME_RETRY = Duration.ofSeconds(2);
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    private static final Duration GRACE_ON_CLOSE = Duration.ofSeconds(5);
    private static final long MINIMUM_GRACE_SECONDS = 2;
    /** The kubelet's fallback message: the log's last 80 lines, at most 2 KiB. */
    private static final int FALLBACK_LINES = 80;
    private static final int FALLBACK_BYTES = 2048;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ApiClient client;
    private final CoreV1Api core;
    private final String namespace;
    private final Path work;
    private final SharedInformerFactory factory;
    private final SharedIndexInformer<V1Pod> pods;
    private final ExecutorService runners;
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final Map<String, String> finishedLogs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** What one run of a pod's container needs to be stopped from outside. */
    private static final class Run {
        volatile ContainerProcess process;
        volatile String stopReason;
    }

    private LocalKubelet(ApiClient client, String namespace) throws IOException {
        this.client = client;
        this.core = new CoreV1Api(client);
        this.namespace = namespace;
        this.work = Files.createTempDirectory("local-kubelet-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.runners = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "local-kubelet-" + instance + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ApiClient watchClient = Informers.watchClient(client);
        this.factory = new SharedInformerFactory(watchClient);
        this.pods = factory.sharedIndexInformerFor(new BuildPods(
                new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods", watchClient), namespace),
                V1Pod.class, 0L);
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(V1Pod pod) {
                consider(pod);
            }

            @Override
            public void onUpdate(V1Pod before, V1Pod after) {
                consider(after);
            }

            @Override
            public void onDelete(V1Pod pod, boolean finalStateUnknown) {
                stop(pod, "the pod was deleted");
            }
        });
    }

    /** Starts watching the namespace's build pods; returns once the informer has synced. */
    static LocalKubelet start(ApiClient client, String namespace, Duration syncTimeout) throws IOException {
        LocalKubelet kubelet = new LocalKubelet(client, namespace);
        kubelet.factory.startAllRegisteredInformers();
        try {
            await("the local kubelet's pod informer to sync").atMost(syncTimeout).until(kubelet.pods::hasSynced);
        } catch (RuntimeException | Error e) {
            kubelet.close();
            throw e;
        }
        return kubelet;
    }

    /** The log of a pod's container that has ended (empty when none has), for failure messages. */
    String log(String podName) {
        return finishedLogs.getOrDefault(podName, "");
    }

    /** The processes of the containers that run now (each command and what it started). */
    List<ProcessHandle> runningProcesses() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Run run : running.values()) {
            ContainerProcess process = run.process;
            if (process != null && process.isAlive()) {
                all.addAll(process.processes());
            }
        }
        return all;
    }

    /** The private folder under which every pod's file system is made. */
    Path workFolder() {
        return work;
    }

    private void consider(V1Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            stop(pod, "the pod is being deleted");
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (closed || (phase != null && !"Pending".equals(phase)) || !handled.add(uid)) {
            return;
        }
        Run run = new Run();
        running.put(uid, run);
        runners.submit(() -> {
            try {
                runPod(pod, run);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception | Error e) {
                LOG.error("local kubelet: running pod {}/{} failed", namespace, pod.getMetadata().getName(), e);
            } finally {
                running.remove(uid);
            }
        });
    }

    /** Stops a pod's container with the grace period its deletion asks for (the pod's own, or 30 s). */
    private void stop(V1Pod pod, String reason) {
        Run run = running.get(pod.getMetadata().getUid());
        if (run == null) {
            return;
        }
        run.stopReason = reason;
        ContainerProcess process = run.process;
        if (process == null) {
            return;
        }
        Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds() != null
                ? pod.getMetadata().getDeletionGracePeriodSeconds() : pod.getSpec().getTerminationGracePeriodSeconds();
        // The kubelet gives a container at least 2 s after TERM, also when a pod is deleted with a grace of 0.
        Duration grace = seconds == null ? DEFAULT_GRACE : Duration.ofSeconds(Math.max(seconds, MINIMUM_GRACE_SECONDS));
        try {
            runners.submit(() -> {
                process.stop(grace);
                return null;
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // close() stops every container itself.
        }
    }

    private void runPod(V1Pod seen, Run run) throws Exception {
        String name = seen.getMetadata().getName();
        V1Pod pod;
        try {
            pod = core.readNamespacedPod(name, namespace).execute();
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return; // deleted before it started
            }
            throw e;
        }
        if (!Objects.equals(pod.getMetadata().getUid(), seen.getMetadata().getUid())) {
            return;
        }
        if (pod.getSpec().getContainers().size() != 1
                || pod.getSpec().getInitContainers() != null && !pod.getSpec().getInitContainers().isEmpty()) {
            throw new IllegalStateException("pod " + name + " has other than one container: this local kubelet runs"
                    + " build pods only");
        }
        V1Container container = pod.getSpec().getContainers().get(0);
        PodFileSystem fs = materialize(pod, container, run);
        if (fs == null) {
            return;
        }
        try (fs) {
            execute(pod, container, fs, run);
        }
    }

    /** The pod's volumes, once every source is there; null when the run ended meanwhile. */
    private PodFileSystem materialize(V1Pod pod, V1Container container, Run run) throws Exception {
        String name = pod.getMetadata().getName();
        String lastProblem = null;
        while (!closed && run.stopReason == null) {
            try {
                return PodFileSystem.materialize(new ApiVolumes(core, namespace), pod, container, work);
            } catch (PodFileSystem.VolumeNotReadyException e) {
                if (!e.getMessage().equals(lastProblem)) {
                    lastProblem = e.getMessage();
                    LOG.info("local kubelet: pod {}/{} waits: {}", namespace, name, lastProblem);
                    PodStatusPatch.waiting(container, "ContainerCreating", lastProblem).apply(client, namespace, name);
                }
                Thread.sleep(VOLUME_RETRY.toMillis());
            }
        }
        return null;
    }

    private void execute(V1Pod pod, V1Container container, PodFileSystem fs, Run run) throws Exception {
        String name = pod.getMetadata().getName();
        Instant startTime = Instant.now();
        ContainerProcess process;
        try {
            process = ContainerProcess.start(container, fs);
        } catch (IllegalArgumentException e) {
            PodStatusPatch.waiting(container, "CreateContainerConfigError", e.getMessage()).apply(client, namespace, name);
            throw e;
        }
        run.process = process;
        if (run.stopReason != null) {
            // Stopped (pod deleted, kubelet closing) while the command started: it must not run on unseen.
            process.stop(GRACE_ON_CLOSE);
            return;
        }
        PodStatusPatch.running(container, startTime, startTime).apply(client, namespace, name);
        LOG.info("local kubelet: pod {}/{} running", namespace, name);

        Long deadlineSeconds = pod.getSpec().getActiveDeadlineSeconds();
        Instant deadline = deadlineSeconds == null ? null : startTime.plusSeconds(deadlineSeconds);
        String podReason = null;
        try {
            boolean ended = deadline == null ? process.waitFor(Duration.ofDays(1))
                    : process.waitFor(Duration.between(Instant.now(), deadline));
            if (!ended) {
                podReason = PodStatusPatch.DEADLINE_EXCEEDED;
                run.stopReason = "the pod ran past its activeDeadlineSeconds";
                LOG.info("local kubelet: pod {}/{} exceeded its deadline of {} s; stopping it", namespace, name,
                        deadlineSeconds);
                Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
                process.stop(grace == null ? DEFAULT_GRACE : Duration.ofSeconds(grace));
            } else if (run.stopReason != null) {
                // Stopped from outside (pod deleted): let stop() finish with the rest of the process tree.
                process.waitFor(Duration.ofDays(1));
            }
        } catch (InterruptedException e) {
            // The kubelet closes: the container must not outlive it.
            process.stop(GRACE_ON_CLOSE);
            throw e;
        }
        Instant finishedAt = Instant.now();
        int exitCode = process.exitCode();
        String message = fs.terminationMessage();
        if (message.isEmpty() && exitCode != 0 && "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())) {
            message = process.logTail(FALLBACK_LINES, FALLBACK_BYTES);
        }
        finishedLogs.put(name, process.log());
        if (closed) {
            return;
        }
        LOG.info("local kubelet: pod {}/{} container exited with {} after {} s", namespace, name, exitCode,
                Duration.between(startTime, finishedAt).toSeconds());
        try {
            PodStatusPatch.terminated(container, startTime, exitCode, message, startTime, finishedAt, podReason)
                    .apply(client, namespace, name);
        } catch (RawApi.HttpFailure e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    /** Stops watching, stops every running container (no process is left) and removes every folder. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        factory.stopAllRegisteredInformers(true);
        for (Run run : running.values()) {
            run.stopReason = "the local kubelet stopped";
            ContainerProcess process = run.process;
            if (process != null) {
                try {
                    process.stop(GRACE_ON_CLOSE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        // Runners end by themselves once their container stopped; an interrupt is the last resort, as it can cut
        // a file read short (NIO channels close on interrupt).
        runners.shutdown();
        try {
            if (!runners.awaitTermination(30, TimeUnit.SECONDS)) {
                runners.shutdownNow();
                if (!runners.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warn("local kubelet: runner threads did not end within 60 s");
                }
            }
        } catch (InterruptedException e) {
            runners.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            FileTrees.delete(work);
        } catch (IOException e) {
            throw new IllegalStateException("the local kubelet could not remove " + work, e);
        }
    }

    /** The namespace's ConfigMaps and Secrets as the API server has them now; one it does not know is empty. */
    private record ApiVolumes(CoreV1Api core, String namespace) implements PodFileSystem.VolumeSources<ApiException> {

        @Override
        public Optional<V1ConfigMap> configMap(String name) throws ApiException {
            return unlessNotFound(() -> core.readNamespacedConfigMap(name, namespace).execute());
        }

        @Override
        public Optional<V1Secret> secret(String name) throws ApiException {
            return unlessNotFound(() -> core.readNamespacedSecret(name, namespace).execute());
        }

        private interface Read<T> {
            T get() throws ApiException;
        }

        private static <T> Optional<T> unlessNotFound(Read<T> read) throws ApiException {
            try {
                return Optional.of(read.get());
            } catch (ApiException e) {
                if (e.getCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        }
    }

    /** Lists and watches the namespace's build pods only. */
    private record BuildPods(GenericKubernetesApi<V1Pod, V1PodList> api, String namespace)
            implements ListerWatcher<V1Pod, V1PodList> {

        @Override
        public V1PodList list(CallGeneratorParams params) throws ApiException {
            return api.list(namespace, options(params)).throwsApiException().getObject();
        }

        @Override
        public Watchable<V1Pod> watch(CallGeneratorParams params) throws ApiException {
            return api.watch(namespace, options(params));
        }

        private static ListOptions options(CallGeneratorParams params) {
            ListOptions options = new ListOptions();
            options.setResourceVersion(params.resourceVersion);
            options.setTimeoutSeconds(params.timeoutSeconds);
            options.setLabelSelector(BUILD_POD_SELECTOR);
            return options;
        }
    }
}
