package io.primehub.imagebuilder.k8s;

import io.kubernetes.client.extended.controller.Controller;
import io.kubernetes.client.extended.controller.DefaultController;
import io.kubernetes.client.extended.controller.DefaultControllerWatch;
import io.kubernetes.client.extended.controller.builder.ControllerBuilder;
import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.workqueue.DefaultRateLimitingQueue;
import io.kubernetes.client.extended.workqueue.RateLimitingQueue;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.Caches;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.primehub.imagebuilder.domain.port.BuiltImages;
import io.primehub.imagebuilder.domain.port.DockerfileRenderer;
import io.primehub.imagebuilder.domain.port.RegistryCredentials;
import io.primehub.imagebuilder.k8s.build.BuildPlacement;
import io.primehub.imagebuilder.k8s.build.BuildPodFactory;
import io.primehub.imagebuilder.k8s.build.BuildScript;
import io.primehub.imagebuilder.k8s.controller.EventRecorder;
import io.primehub.imagebuilder.k8s.controller.ImageReconciler;
import io.primehub.imagebuilder.k8s.controller.ImageSpecJobReconciler;
import io.primehub.imagebuilder.k8s.controller.ImageSpecReconciler;
import io.primehub.imagebuilder.k8s.controller.Informers;
import io.primehub.imagebuilder.k8s.controller.MeteredReconciler;
import io.primehub.imagebuilder.k8s.controller.StatusWriter;
import io.primehub.imagebuilder.k8s.controller.UnneededPushSecrets;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running controller: informers on ImageSpec, ImageSpecJob, build pods (labels {@code app=primehub-custom-image}
 * and {@code app=primehub-image}) and, where the cluster serves them, PrimeHub's Images; one rate-limited work queue
 * per kind, drained by the {@link ImageSpecReconciler}, the {@link ImageReconciler} and the
 * {@link ImageSpecJobReconciler}.
 *
 * <p>Everything is event-driven: informers have no resync (period 0), so a healthy cluster that does not change
 * costs no API call but the open watches. A reconcile that fails (409 conflict, an API error) is retried with the
 * queue's exponential back-off.
 */
public final class ImageBuilderController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImageBuilderController.class);
    /** How often the start-up thread looks whether the informers' first lists are in (memory only, no API call). */
    private static final Duration SYNC_CHECK = Duration.ofMillis(100);
    /** Longest wait between two discovery attempts at start. */
    private static final Duration MAX_DISCOVERY_WAIT = Duration.ofSeconds(5);

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ApiClient client;
    private final DockerfileRenderer renderer;
    private final RegistryCredentials registry;
    private final BuiltImages builtImages;
    private final BuildPodSettings buildPods;
    private final ControllerOptions options;
    private final Clock clock;
    private final String buildScript;
    private final ControllerMetrics metrics;

    private final Object lock = new Object();
    private boolean started;
    private volatile boolean closed;
    private int instance;
    private SharedInformerFactory factory;
    private volatile Informers informers;
    private final List<Controller> controllers = new ArrayList<>();
    private ExecutorService startThread;
    private ExecutorService controllerThreads;
    private ExecutorService queueThreads;
    private StatusWriter statusWriter;
    private volatile boolean running;

    /** A controller that never asks the registry whether an image is already built: every job is built. */
    public ImageBuilderController(
            ApiClient client,
            DockerfileRenderer renderer,
            RegistryCredentials registry,
            BuildPodSettings buildPods,
            ControllerOptions options,
            Clock clock) {
        this(client, renderer, registry, BuiltImages.NONE, buildPods, options, clock);
    }

    /**
     * @param builtImages asked before a job's first build whether the registry already holds its image, built from
     *                    the same recipe (when {@link ControllerOptions#skipExisting()})
     */
    public ImageBuilderController(
            ApiClient client,
            DockerfileRenderer renderer,
            RegistryCredentials registry,
            BuiltImages builtImages,
            BuildPodSettings buildPods,
            ControllerOptions options,
            Clock clock) {
        this(client, renderer, registry, builtImages, buildPods, options, clock, ControllerMetrics.NONE);
    }

    /** @param metrics told of builds and reconciles (the standalone jar's {@code /metrics}) */
    public ImageBuilderController(
            ApiClient client,
            DockerfileRenderer renderer,
            RegistryCredentials registry,
            BuiltImages builtImages,
            BuildPodSettings buildPods,
            ControllerOptions options,
            Clock clock,
            ControllerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.builtImages = Objects.requireNonNull(builtImages, "builtImages");
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
            instance = INSTANCES.incrementAndGet();
            queueThreads = Executors.newCachedThreadPool(named("image-builder-" + instance + "-queue"));
            controllerThreads = Executors.newFixedThreadPool(3, named("image-builder-" + instance + "-controller"));
            startThread = Executors.newSingleThreadExecutor(named("image-builder-" + instance + "-start"));
            statusWriter = new StatusWriter(client);
            // execute, not submit: nothing would read a Future, and runWhenSynced logs what stops it
            startThread.execute(this::runWhenSynced);
        }
    }

    /**
     * Reads what the cluster serves, registers the informers and controllers, starts the informers, waits for their
     * first lists, then starts the workers. (The workers are not gated with the framework's ready functions: its wait
     * leaves a thread behind per controller.)
     */
    private void runWhenSynced() {
        try {
            boolean images = servesImages();
            statusWriter.readServedSchemas();
            synchronized (lock) {
                if (closed) {
                    return;
                }
                register(images);
                factory.startAllRegisteredInformers();
            }
            while (!informers.hasSynced()) {
                Thread.sleep(SYNC_CHECK.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            if (!closed) {
                // the controller never becomes ready: its readiness probe fails, and this says why
                LOG.error("image builder controller cannot start", e);
            }
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            // execute, not submit: nothing would read a Future, and runLogged logs what ends a controller's run
            controllers.forEach(controller -> controllerThreads.execute(() -> runLogged(controller)));
            running = true;
        }
        LOG.info("image builder controller ready: informers synced, workers running");
    }

    /**
     * Runs a controller until it is shut down. The framework logs a failed check before the run and a reconcile's
     * exception; a run that ends otherwise while the controller is not closing (it returned, or threw) is logged here,
     * and the controller is no longer ready, since it no longer works through its queue. When it is closing (a
     * controller shut down before its run began cannot start its workers), the end is expected and not logged.
     */
    private void runLogged(Controller controller) {
        try {
            controller.run();
            if (!closed) {
                running = false;
                LOG.error(
                        "the workers of a controller stopped although the controller is not closing; it is not ready");
            }
        } catch (RuntimeException e) {
            if (!closed) {
                running = false;
                LOG.error("the workers of a controller stopped; the controller is not ready", e);
            }
        }
    }

    /**
     * Whether to build the console's Images: the cluster serves {@code images.primehub.io}. Asked until discovery
     * answers (an API server that cannot answer cannot serve the informers either).
     */
    private boolean servesImages() throws InterruptedException {
        Duration wait = SYNC_CHECK;
        while (true) {
            Optional<Boolean> served = statusWriter.servesImages();
            if (served.isPresent()) {
                if (!served.get()) {
                    LOG.warn(
                            "the cluster does not serve images.primehub.io: the console's custom images (Image) are not"
                                    + " built; apply deploy/crds/images.primehub.io.yaml and restart the controller to build them");
                }
                return served.get();
            }
            Thread.sleep(wait.toMillis());
            wait = wait.multipliedBy(2).compareTo(MAX_DISCOVERY_WAIT) > 0 ? MAX_DISCOVERY_WAIT : wait.multipliedBy(2);
        }
    }

    /** Registers the informers and, per kind, a work queue fed by them and a controller that drains it. */
    private void register(boolean images) {
        ApiClient watchClient = Informers.watchClient(client);
        factory = new SharedInformerFactory(watchClient);
        informers = Informers.register(
                factory, watchClient, options.namespace(), options.podNamespace(), clock, () -> closed, images);
        CoreV1Api core = new CoreV1Api(client);
        EventRecorder events = new EventRecorder(core, clock, options.replicaIdentity());
        UnneededPushSecrets pushSecrets = new UnneededPushSecrets(core, registry, informers, options.buildNamespace());

        ImageSpecReconciler specReconciler = new ImageSpecReconciler(
                informers.specs(),
                informers.jobs(),
                CustomResources.imageSpecs(client),
                CustomResources.imageSpecJobs(client),
                registry,
                statusWriter,
                events,
                clock,
                options.buildNamespace(),
                pushSecrets,
                options.jobHistory());
        RateLimitingQueue<Request> specQueue = new DefaultRateLimitingQueue<>(queueThreads);
        listen(ControllerBuilder.controllerWatchBuilder(ImageSpecResource.class, specQueue)
                .withResyncPeriod(Duration.ZERO)
                .build());
        listenToOwned(specQueue, ImageSpecJobResource.class, ImageSpecResource.KIND);
        controllers.add(controller(
                "imagespec-" + instance,
                new MeteredReconciler("imagespec", specReconciler, metrics, System::nanoTime),
                specQueue));

        RateLimitingQueue<Request> imageQueueOrNull = null;
        if (images) {
            ImageReconciler imageReconciler = new ImageReconciler(
                    informers.images(),
                    informers.jobs(),
                    CustomResources.imageSpecJobs(client),
                    registry,
                    statusWriter,
                    events,
                    clock,
                    options.buildNamespace(),
                    pushSecrets);
            RateLimitingQueue<Request> imageQueue = new DefaultRateLimitingQueue<>(queueThreads);
            imageQueueOrNull = imageQueue;
            listen(ControllerBuilder.controllerWatchBuilder(ImageResource.class, imageQueue)
                    .withResyncPeriod(Duration.ZERO)
                    .build());
            listenToOwned(imageQueue, ImageSpecJobResource.class, ImageResource.KIND);
            controllers.add(controller(
                    "image-" + instance,
                    new MeteredReconciler("image", imageReconciler, metrics, System::nanoTime),
                    imageQueue));
        }

        requeueWhenAForeignJobGoes(specQueue, imageQueueOrNull);

        ImageSpecJobReconciler jobReconciler = new ImageSpecJobReconciler(
                informers,
                CustomResources.imageSpecJobs(client),
                core,
                renderer,
                registry,
                builtImages,
                buildPods,
                buildScript,
                statusWriter,
                clock,
                options,
                metrics);
        RateLimitingQueue<Request> jobQueue = new DefaultRateLimitingQueue<>(queueThreads);
        // Only jobs that an ImageSpec or an Image owns are this controller's work: hand-made jobs are left as they are.
        listen(ControllerBuilder.controllerWatchBuilder(ImageSpecJobResource.class, jobQueue)
                .withResyncPeriod(Duration.ZERO)
                .withOnAddFilter(ImageSpecJobReconciler::isOwned)
                .withOnUpdateFilter((before, after) -> ImageSpecJobReconciler.isOwned(after))
                .withOnDeleteFilter((job, unknown) -> ImageSpecJobReconciler.isOwned(job))
                .build());
        listen(ControllerBuilder.controllerWatchBuilder(V1Pod.class, jobQueue)
                .withResyncPeriod(Duration.ZERO)
                .withOnAddFilter(pod -> jobOf(pod) != null)
                .withOnUpdateFilter((before, after) -> jobOf(after) != null)
                .withOnDeleteFilter((pod, unknown) -> jobOf(pod) != null)
                .withWorkQueueKeyFunc(this::jobOf)
                .build());
        controllers.add(controller(
                "imagespecjob-" + instance,
                new MeteredReconciler("imagespecjob", jobReconciler, metrics, System::nanoTime),
                jobQueue));
        LOG.info(
                "image builder controller started (namespace: {}, workers per kind: {}, kinds: {})",
                options.allNamespaces() ? "all" : options.namespace(),
                options.workers(),
                images ? "ImageSpec, Image" : "ImageSpec");
    }

    /**
     * A job that no spec or Image owns may hold the name one of them needs ({@code JobNameTaken}); when it is deleted,
     * the specs of its namespace and the Image of its name are reconciled again, so that they build.
     */
    private void requeueWhenAForeignJobGoes(
            RateLimitingQueue<Request> specQueue, RateLimitingQueue<Request> imageQueue) {
        informers.jobs().addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ImageSpecJobResource job) {}

            @Override
            public void onUpdate(ImageSpecJobResource before, ImageSpecJobResource after) {}

            @Override
            public void onDelete(ImageSpecJobResource job, boolean finalStateUnknown) {
                if (ImageSpecJobReconciler.isOwned(job)) {
                    return;
                }
                String namespace = job.getMetadata().getNamespace();
                informers
                        .specs()
                        .getIndexer()
                        .byIndex(Caches.NAMESPACE_INDEX, namespace)
                        .forEach(spec -> specQueue.add(
                                new Request(namespace, spec.getMetadata().getName())));
                if (imageQueue != null) {
                    imageQueue.add(new Request(namespace, job.getMetadata().getName()));
                }
            }
        });
    }

    /** Feeds the events of objects that an owner of {@code ownerKind} controls into the owner's queue. */
    private <T extends io.kubernetes.client.common.KubernetesObject> void listenToOwned(
            RateLimitingQueue<Request> queue, Class<T> type, String ownerKind) {
        listen(ControllerBuilder.controllerWatchBuilder(type, queue)
                .withResyncPeriod(Duration.ZERO)
                .withOnAddFilter(object -> ownerName(object, ownerKind) != null)
                .withOnUpdateFilter((before, after) -> ownerName(after, ownerKind) != null)
                .withOnDeleteFilter((object, unknown) -> ownerName(object, ownerKind) != null)
                .withWorkQueueKeyFunc(
                        object -> new Request(object.getMetadata().getNamespace(), ownerName(object, ownerKind)))
                .build());
    }

    /** Whether the informers have synced and the workers run. */
    public boolean isReady() {
        // No lock: close() holds it while it waits for the workers, and a readiness probe must not wait behind that.
        Informers current = informers;
        return running && current != null && current.hasSynced();
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
            controllers.forEach(Controller::shutdown);
            if (factory != null) {
                factory.stopAllRegisteredInformers(true);
            }
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
        factory.getExistingSharedIndexInformer(watch.getResourceClass())
                .addEventHandler(watch.getResourceEventHandler());
    }

    /**
     * The job a build pod builds: its controlling owner beside it, or, for a pod in the build namespace, the job its
     * labels name (labels on a pod anywhere else count for nothing); null for any other pod.
     */
    private Request jobOf(V1Pod pod) {
        java.util.Map<String, String> labels = pod.getMetadata().getLabels();
        if (options.hasBuildNamespace()
                && options.buildNamespace().equals(pod.getMetadata().getNamespace())
                && labels != null
                && labels.containsKey(BuildPlacement.JOB_NAMESPACE_LABEL)
                && labels.containsKey(BuildPodFactory.JOB_NAME_LABEL)) {
            return new Request(
                    labels.get(BuildPlacement.JOB_NAMESPACE_LABEL), labels.get(BuildPodFactory.JOB_NAME_LABEL));
        }
        String job = ownerName(pod, ImageSpecJobResource.KIND);
        return job == null ? null : new Request(pod.getMetadata().getNamespace(), job);
    }

    private static String ownerName(io.kubernetes.client.common.KubernetesObject object, String kind) {
        return ResourceMapping.controllerRef(object.getMetadata(), kind)
                .map(ref -> ref.getName())
                .orElse(null);
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
