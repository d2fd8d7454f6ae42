package io.primehub.imagebuilder.k8s;

import io.kubernetes.client.extended.controller.Controller;
import io.kubernetes.client.extended.controller.DefaultController;
import io.kubernetes.client.extended.controller.DefaultControllerWatch;
import io.kubernetes.client.extended.workqueue.RateLimitingQueue;
import io.kubernetes.client.extended.controller.builder.ControllerBuilder;
import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.workqueue.DefaultRateLimitingQueue;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.primehub.imagebuilder.domain.port.DockerfileRenderer;
import io.primehub.imagebuilder.domain.port.RegistryCredentials;
import io.primehub.imagebuilder.k8s.build.BuildScript;
import io.primehub.imagebuilder.k8s.controller.EventRecorder;
import io.primehub.imagebuilder.k8s.controller.ImageSpecJobReconciler;
import io.primehub.imagebuilder.k8s.controller.ImageSpecReconciler;
import io.primehub.imagebuilder.k8s.controller.Informers;
import io.primehub.imagebuilder.k8s.controller.StatusWriter;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running controller: informers on ImageSpec, ImageSpecJob and build pods (label
 * {@code app=primehub-custom-image}), and one rate-limited work queue per kind, drained by the
 * {@link ImageSpecReconciler} and the {@link ImageSpecJobReconciler}.
 *
 * <p>Everything is event-driven: informers have no resync (period 0), so a healthy cluster that does not change
 * costs no API call but the open watches. A reconcile that fails (409 conflict, an API error) is retried with the
 * queue's exponential back-off.
 */
public final class ImageBuilderController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImageBuilderController.class);
    /** How often the start-up thread looks whether the informers' first lists are in (memory only, no API call). */
    private static final Duration SYNC_CHECK = Duration.ofMillis(100);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ApiClient client;
    private final DockerfileRenderer renderer;
    private final RegistryCredentials registry;
    private final BuildPodSettings buildPods;
    private final ControllerOptions options;
    private final Clock clock;
    private final String buildScript;

    private final Object lock = new Object();
    private boolean started;
    private volatile boolean closed;
    private SharedInformerFactory factory;
    private Informers informers;
    private Controller specController;
    private Controller jobController;
    private ExecutorService startThread;
    private ExecutorService controllerThreads;
    private ExecutorService queueThreads;
    private StatusWriter statusWriter;
    private volatile boolean running;

    public ImageBuilderController(ApiClient client, DockerfileRenderer renderer, RegistryCredentials registry,
                                  BuildPodSettings buildPods, ControllerOptions options, Clock clock) {
        this.client = TolerantJson.install(Objects.requireNonNull(client, "client"));
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.buildPods = Objects.requireNonNull(buildPods, "buildPods");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.buildScript = BuildScript.text();
    }

    /** Starts informers and workers on background threads and returns at once; a second call does nothing. */
    public void start() {
        synchronized (lock) {
            if (started || closed) {
                return;
            }
            started = true;
            int instance = INSTANCES.incrementAndGet();
            ApiClient watchClient = Informers.watchClient(client);
            factory = new SharedInformerFactory(watchClient);
            informers = Informers.register(factory, watchClient, options.namespace(), clock, () -> closed);
            queueThreads = Executors.newCachedThreadPool(named("image-builder-" + instance + "-queue"));

            statusWriter = new StatusWriter(client);
            CoreV1Api core = new CoreV1Api(client);
            ImageSpecReconciler specReconciler = new ImageSpecReconciler(informers.specs(), informers.jobs(),
                    CustomResources.imageSpecs(client), CustomResources.imageSpecJobs(client), registry,
                    statusWriter, new EventRecorder(core, clock), clock);
            ImageSpecJobReconciler jobReconciler = new ImageSpecJobReconciler(informers.jobs(), informers.pods(), core,
                    renderer, registry, buildPods, buildScript, statusWriter, clock);

            RateLimitingQueue<Request> specQueue = new DefaultRateLimitingQueue<>(queueThreads);
            listen(ControllerBuilder.controllerWatchBuilder(ImageSpecResource.class, specQueue)
                    .withResyncPeriod(Duration.ZERO)
                    .build());
            listen(ControllerBuilder.controllerWatchBuilder(ImageSpecJobResource.class, specQueue)
                    .withResyncPeriod(Duration.ZERO)
                    .withOnAddFilter(job -> ownerName(job, ImageSpecResource.KIND) != null)
                    .withOnUpdateFilter((before, after) -> ownerName(after, ImageSpecResource.KIND) != null)
                    .withOnDeleteFilter((job, unknown) -> ownerName(job, ImageSpecResource.KIND) != null)
                    .withWorkQueueKeyFunc(job -> new Request(job.getMetadata().getNamespace(),
                            ownerName(job, ImageSpecResource.KIND)))
                    .build());
            specController = controller("imagespec-" + instance, specReconciler, specQueue);

            RateLimitingQueue<Request> jobQueue = new DefaultRateLimitingQueue<>(queueThreads);
            // Only jobs that an ImageSpec owns are this controller's work: PrimeHub's Image jobs (app=primehub-image)
            // and hand-made jobs are left as they are.
            listen(ControllerBuilder.controllerWatchBuilder(ImageSpecJobResource.class, jobQueue)
                    .withResyncPeriod(Duration.ZERO)
                    .withOnAddFilter(ImageSpecJobReconciler::isOwnedBySpec)
                    .withOnUpdateFilter((before, after) -> ImageSpecJobReconciler.isOwnedBySpec(after))
                    .withOnDeleteFilter((job, unknown) -> ImageSpecJobReconciler.isOwnedBySpec(job))
                    .build());
            listen(ControllerBuilder.controllerWatchBuilder(V1Pod.class, jobQueue)
                    .withResyncPeriod(Duration.ZERO)
                    .withOnAddFilter(pod -> ownerName(pod, ImageSpecJobResource.KIND) != null)
                    .withOnUpdateFilter((before, after) -> ownerName(after, ImageSpecJobResource.KIND) != null)
                    .withOnDeleteFilter((pod, unknown) -> ownerName(pod, ImageSpecJobResource.KIND) != null)
                    .withWorkQueueKeyFunc(pod -> new Request(pod.getMetadata().getNamespace(),
                            ownerName(pod, ImageSpecJobResource.KIND)))
                    .build());
            jobController = controller("imagespecjob-" + instance, jobReconciler, jobQueue);

            controllerThreads = Executors.newFixedThreadPool(2, named("image-builder-" + instance + "-controller"));
            startThread = Executors.newSingleThreadExecutor(named("image-builder-" + instance + "-start"));
            startThread.submit(this::runWhenSynced);
            LOG.info("image builder controller started (namespace: {}, workers per kind: {})",
                    options.allNamespaces() ? "all" : options.namespace(), options.workers());
        }
    }

    /**
     * Starts the informers, waits for their first lists, then starts the workers. (The workers are not gated with the
     * framework's ready functions: its wait leaves a thread behind per controller.)
     */
    private void runWhenSynced() {
        statusWriter.readServedSchemas();
        factory.startAllRegisteredInformers();
        try {
            while (!informers.hasSynced()) {
                Thread.sleep(SYNC_CHECK.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            controllerThreads.submit(specController::run);
            controllerThreads.submit(jobController::run);
            running = true;
        }
        LOG.info("image builder controller ready: informers synced, workers running");
    }

    /** Whether the informers have synced and the workers run. */
    public boolean isReady() {
        // No lock: close() holds it while it waits for the workers, and a readiness probe must not wait behind that.
        return running && informers.hasSynced();
    }

    /** Stops informers, queues and workers; idempotent. No thread of the controller is left running. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (!started) {
                return;
            }
            running = false;
            startThread.shutdownNow();
            specController.shutdown();
            jobController.shutdown();
            factory.stopAllRegisteredInformers(true);
            controllerThreads.shutdownNow();
            queueThreads.shutdownNow();
            awaitQuietly(startThread);
            awaitQuietly(controllerThreads);
            awaitQuietly(queueThreads);
            LOG.info("image builder controller stopped");
        }
    }

    /**
     * A controller of the framework, made directly rather than by {@code ControllerBuilder.defaultBuilder}: the builder
     * starts a default work queue (and its thread) that is never used nor stopped.
     */
    @SuppressWarnings("unchecked") // the constructor's varargs of ready functions, passed none
    private Controller controller(String name, Reconciler reconciler, RateLimitingQueue<Request> queue) {
        DefaultController controller = new DefaultController(name, reconciler, queue);
        controller.setWorkerCount(options.workers());
        controller.setWorkerThreadPool(Executors.newScheduledThreadPool(options.workers(), named(name)));
        return controller;
    }

    /** Feeds a watch's events into its queue: the informer of its kind calls its handler (no resync). */
    private <T extends io.kubernetes.client.common.KubernetesObject> void listen(DefaultControllerWatch<T> watch) {
        factory.getExistingSharedIndexInformer(watch.getResourceClass()).addEventHandler(watch.getResourceEventHandler());
    }

    private static String ownerName(io.kubernetes.client.common.KubernetesObject object, String kind) {
        return ResourceMapping.controllerRef(object.getMetadata(), kind).map(ref -> ref.getName()).orElse(null);
    }


    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("controller threads did not stop within 10 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
