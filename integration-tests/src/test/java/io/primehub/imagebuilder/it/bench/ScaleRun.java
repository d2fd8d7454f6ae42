package io.primehub.imagebuilder.it.bench;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecList;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecSpec;
import io.primehub.imagebuilder.k8s.resource.PackagesField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One run of the controller at scale: N specs created at once across the namespaces, every build pod then moved to
 * Running and Succeeded through {@code pods/status} as a kubelet would, 60 s of idle, and a restart. The bench sees
 * everything through watches (informers), never by polling lists, and stamps each event as it arrives.
 */
final class ScaleRun {

    /** The controller's requests in the audit log: its user agent ({@code UserAgent} in the app). */
    static final Predicate<String> CONTROLLER = agent -> agent.startsWith("primehub-image-builder/");

    static final Predicate<String> BENCH = agent -> agent.startsWith(BenchClient.USER_AGENT);
    /** How long the controller must write nothing (but its Lease) to count as converged. */
    private static final Duration QUIET = Duration.ofSeconds(5);

    private static final String UPDATE_TIME = "2026-12-01T00:00:00Z";
    private static final Predicate<String> LEASE = request -> request.endsWith(" leases");

    private final TestCluster cluster;
    private final BenchClient bench;
    private final Optional<AuditLog> audit;
    private final Map<String, String> registry;
    private final Path workDir;
    private final BenchSettings settings;

    /** Arrival times (System.nanoTime) by object key. */
    private final Map<String, Long> specCreated = new ConcurrentHashMap<>();

    private final Map<String, Long> jobSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> jobRunning = new ConcurrentHashMap<>();
    private final Map<String, Long> jobSucceeded = new ConcurrentHashMap<>();
    private final Map<String, Long> specSucceeded = new ConcurrentHashMap<>();
    private final Map<String, Long> podSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> podSucceededWritten = new ConcurrentHashMap<>();
    /** job key by spec key, pod key by job key */
    private final Map<String, String> jobOfSpec = new ConcurrentHashMap<>();

    private final Map<String, String> podOfJob = new ConcurrentHashMap<>();

    ScaleRun(
            TestCluster cluster,
            BenchClient bench,
            Optional<AuditLog> audit,
            Map<String, String> registry,
            Path workDir,
            BenchSettings settings) {
        this.cluster = cluster;
        this.bench = bench;
        this.audit = audit;
        this.registry = registry;
        this.workDir = workDir;
        this.settings = settings;
    }

    Map<String, Object> run(int specs) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("specs", specs);
        result.put("namespaces", settings.namespaces());
        List<TestNamespace> namespaces = new ArrayList<>();
        SharedInformerFactory informers = new SharedInformerFactory(bench.watchClient());
        ExecutorService writers = Executors.newFixedThreadPool(settings.clientThreads());
        ControllerProcess controller = null;
        try {
            for (int i = 0; i < settings.namespaces(); i++) {
                namespaces.add(cluster.createNamespace("bench" + specs + "-" + i));
            }
            Predicate<KubernetesObject> ours = object -> namespaces.stream()
                    .anyMatch(ns -> ns.name().equals(object.getMetadata().getNamespace()));
            watch(informers, ours);

            Path log = workDir.resolve("controller-" + specs + ".log");
            Files.deleteIfExists(log); // this run's processes only: the first and the restarted one append to it
            controller = ControllerProcess.start(cluster.kubeconfig(), registry, log, "controller-" + specs);
            Duration ready = controller.awaitReady(Duration.ofMinutes(2));
            result.put("controllerReadyMs", ready.toMillis());

            GenericKubernetesApi<ImageSpecResource, ImageSpecList> specApi = CustomResources.imageSpecs(bench.client());

            // 0. one spec at a time on the idle cluster: the controller's own latency, with no queue before it
            if (settings.oneAtATime() > 0) {
                Figures soloStart = figures(controller);
                Map<String, Object> solo =
                        oneAtATime(settings.oneAtATime(), namespaces.get(0).name(), specApi);
                awaitQuiet(Duration.ofMinutes(2));
                solo.putAll(between(soloStart, figures(controller), settings.oneAtATime()));
                result.put("oneAtATime", solo);
                List.of(
                                specCreated,
                                jobSeen,
                                jobRunning,
                                jobSucceeded,
                                specSucceeded,
                                podSeen,
                                podSucceededWritten,
                                jobOfSpec,
                                podOfJob)
                        .forEach(Map::clear);
            }
            Figures start = figures(controller);

            // 1. N specs at once
            long createStart = System.nanoTime();
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < specs; i++) {
                String namespace = namespaces.get(i % namespaces.size()).name();
                String name = "spec-" + i;
                int index = i;
                creates.add(writers.submit(() -> {
                    specApi.create(spec(namespace, name, index)).throwsApiException();
                    specCreated.put(namespace + "/" + name, System.nanoTime());
                    return null;
                }));
            }
            for (Future<?> create : creates) {
                create.get();
            }
            long lastCreated = System.nanoTime();
            result.put("createMs", millis(lastCreated - createStart));
            Duration limit = Duration.ofMinutes(2).plusMillis(specs * 60L);
            awaitAll("every spec's build pod", this::pods, specs, limit);
            long allPods = System.nanoTime();
            result.put("allJobsAfterLastCreateMs", millis(latest(jobSeen) - lastCreated));
            result.put("allPodsAfterLastCreateMs", millis(allPods - lastCreated));
            result.put(
                    "creationToJob",
                    Latencies.of(between(specCreated, jobSeen, this::jobKey)).asMap());
            result.put(
                    "creationToPod",
                    Latencies.of(between(specCreated, podSeen, this::podKey)).asMap());
            Figures built = figures(controller);
            result.put("afterPodsCreated", between(start, built, specs));

            // 2. the kubelet's part: Running, then Succeeded
            List<String> pods = new ArrayList<>(podOfJob.values());
            patchAll(writers, pods, ScaleRun::running, null);
            awaitAll("every job Running", jobRunning::size, specs, limit);
            patchAll(writers, pods, ScaleRun::succeeded, podSucceededWritten);
            awaitAll("every spec Succeeded", specSucceeded::size, specs, limit);
            awaitAll("every job Succeeded", jobSucceeded::size, specs, limit);
            Map<String, String> jobOfPod = inverse(podOfJob);
            Map<String, String> specOfJob = inverse(jobOfSpec);
            result.put(
                    "podSucceededToJobSucceeded",
                    Latencies.of(between(podSucceededWritten, jobSucceeded, jobOfPod::get))
                            .asMap());
            result.put(
                    "podSucceededToSpecSucceeded",
                    Latencies.of(between(
                                    podSucceededWritten,
                                    specSucceeded,
                                    pod -> jobOfPod.get(pod) == null ? null : specOfJob.get(jobOfPod.get(pod))))
                            .asMap());
            // the controller's last writes (events, kept logs) trail the statuses: converged when it stops writing
            result.put("quietAfterSpecsSucceededMs", millis(awaitQuiet(limit) - lastSucceeded()));
            Figures converged = figures(controller);
            result.put("build", between(start, converged, specs));

            // 3. idle
            Figures idleStart = figures(controller);
            Thread.sleep(settings.idle().toMillis());
            Figures idleEnd = figures(controller);
            result.put("idleSeconds", settings.idle().toSeconds());
            result.put("idle", between(idleStart, idleEnd, 0));

            // 4. a restart with all N converged
            result.put("heapAfterFullGcBytes", ProcessFigures.heapAfterFullGc(controller.pid()));
            result.put("peakRssBytes", ProcessFigures.peakRssBytes(controller.pid()));
            controller.close();
            long restartMark = audit.map(AuditLog::mark).orElse(0L);
            controller = ControllerProcess.start(cluster.kubeconfig(), registry, log, "restarted-" + specs);
            Duration restartReady = controller.awaitReady(Duration.ofMinutes(2));
            Figures restarted = figures(controller);
            Thread.sleep(settings.afterRestart().toMillis());
            Figures afterRestart = figures(controller);
            Map<String, Object> restart = new LinkedHashMap<>();
            restart.put("readyMs", restartReady.toMillis());
            restart.put("watchedSeconds", settings.afterRestart().toSeconds());
            // from the new process's start: its first lists and watches, and any write it makes
            restart.put(
                    "requests",
                    audit.map(log2 -> describe(log2.between(restartMark, afterRestart.auditMark(), CONTROLLER)))
                            .orElse(null));
            restart.put("cpuSeconds", afterRestart.controllerCpu());
            restart.put("heapAfterFullGcBytes", ProcessFigures.heapAfterFullGc(controller.pid()));
            restart.put("peakRssBytes", ProcessFigures.peakRssBytes(controller.pid()));
            restart.put("afterReady", between(restarted, afterRestart, 0));
            result.put("restart", restart);
            result.put(
                    "benchRequests",
                    audit.map(log2 -> describe(log2.between(start.auditMark(), converged.auditMark(), BENCH)))
                            .orElse(null));
            return result;
        } finally {
            if (controller != null) {
                controller.close();
            }
            informers.stopAllRegisteredInformers();
            writers.shutdownNow();
            for (TestNamespace namespace : namespaces) {
                namespace.close();
            }
        }
    }

    /**
     * Creates {@code count} specs one after another, each only when the one before has succeeded: for each, creation
     * → job and → pod, and its pod's Succeeded → its job's and its spec's Succeeded.
     */
    private Map<String, Object> oneAtATime(
            int count, String namespace, GenericKubernetesApi<ImageSpecResource, ImageSpecList> specApi)
            throws Exception {
        CoreV1Api core = new CoreV1Api(bench.client());
        List<Long> toJob = new ArrayList<>();
        List<Long> toPod = new ArrayList<>();
        List<Long> toJobSucceeded = new ArrayList<>();
        List<Long> toSpecSucceeded = new ArrayList<>();
        Duration limit = Duration.ofSeconds(60);
        for (int i = 0; i < count; i++) {
            String name = "solo-" + i;
            String spec = namespace + "/" + name;
            specApi.create(spec(namespace, name, -1 - i)).throwsApiException();
            long created = System.nanoTime();
            awaitTrue("the pod of " + spec, () -> podKey(spec) != null && podSeen.containsKey(podKey(spec)), limit);
            String job = jobKey(spec);
            String pod = podKey(spec);
            toJob.add(millis(jobSeen.get(job) - created));
            toPod.add(millis(podSeen.get(pod) - created));
            patchStatus(core, pod, running());
            awaitTrue(job + " Running", () -> jobRunning.containsKey(job), limit);
            patchStatus(core, pod, succeeded());
            long succeeded = System.nanoTime();
            awaitTrue(
                    spec + " Succeeded", () -> specSucceeded.containsKey(spec) && jobSucceeded.containsKey(job), limit);
            toJobSucceeded.add(millis(jobSucceeded.get(job) - succeeded));
            toSpecSucceeded.add(millis(specSucceeded.get(spec) - succeeded));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("specs", count);
        result.put("creationToJob", Latencies.of(toJob).asMap());
        result.put("creationToPod", Latencies.of(toPod).asMap());
        result.put("podSucceededToJobSucceeded", Latencies.of(toJobSucceeded).asMap());
        result.put("podSucceededToSpecSucceeded", Latencies.of(toSpecSucceeded).asMap());
        return result;
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier done, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not " + what + " within " + limit);
            }
            Thread.sleep(1);
        }
    }

    /** The bench's informers: specs, jobs and build pods of its namespaces, each event stamped as it arrives. */
    private void watch(SharedInformerFactory factory, Predicate<KubernetesObject> ours) throws InterruptedException {
        ApiClient client = bench.watchClient();
        SharedIndexInformer<ImageSpecResource> specInformer =
                factory.sharedIndexInformerFor(CustomResources.imageSpecs(client), ImageSpecResource.class, 0);
        SharedIndexInformer<ImageSpecJobResource> jobInformer =
                factory.sharedIndexInformerFor(CustomResources.imageSpecJobs(client), ImageSpecJobResource.class, 0);
        SharedIndexInformer<V1Pod> podInformer = factory.sharedIndexInformerFor(
                new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods", client), V1Pod.class, 0);
        specInformer.addEventHandler(handler(ours, (spec, now) -> {
            if (spec.getStatus() != null && "Succeeded".equals(spec.getStatus().getPhase())) {
                specSucceeded.putIfAbsent(key(spec), now);
            }
        }));
        jobInformer.addEventHandler(handler(ours, (job, now) -> {
            owner(job, "ImageSpec").ifPresent(spec -> {
                jobOfSpec.putIfAbsent(job.getMetadata().getNamespace() + "/" + spec, key(job));
                jobSeen.putIfAbsent(key(job), now);
            });
            String phase = job.getStatus() == null ? null : job.getStatus().getPhase();
            if ("Running".equals(phase)) {
                jobRunning.putIfAbsent(key(job), now);
            } else if ("Succeeded".equals(phase)) {
                jobSucceeded.putIfAbsent(key(job), now);
            }
        }));
        podInformer.addEventHandler(handler(
                ours.and(pod -> pod.getMetadata().getLabels() != null
                        && pod.getMetadata().getLabels().containsKey("app")),
                (pod, now) -> owner(pod, "ImageSpecJob").ifPresent(job -> {
                    podOfJob.putIfAbsent(pod.getMetadata().getNamespace() + "/" + job, key(pod));
                    podSeen.putIfAbsent(key(pod), now);
                })));
        factory.startAllRegisteredInformers();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!(specInformer.hasSynced() && jobInformer.hasSynced() && podInformer.hasSynced())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the bench's informers did not sync within a minute");
            }
            Thread.sleep(50);
        }
    }

    private static <T extends KubernetesObject> ResourceEventHandler<T> handler(
            Predicate<KubernetesObject> ours, BiConsumer<T, Long> seen) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                if (ours.test(object)) {
                    seen.accept(object, System.nanoTime());
                }
            }

            @Override
            public void onUpdate(T before, T after) {
                onAdd(after);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {}
        };
    }

    private static ImageSpecResource spec(String namespace, String name, int index) {
        // distinct packages per spec, shaped like a data-science spec
        return new ImageSpecResource()
                .setMetadata(new V1ObjectMeta().namespace(namespace).name(name))
                // with an update time, as PrimeHub's console makes them (one without is given one: a write more)
                .setSpec(new ImageSpecSpec()
                        .setBaseImage("jupyter/base-notebook:python-3.11")
                        .setUpdateTime(UPDATE_TIME)
                        .setPackages(new PackagesField()
                                .setApt(List.of("curl", "git"))
                                .setPip(List.of("pandas==2." + (index % 3), "bench-package-" + index))
                                .setConda(List.of())));
    }

    private int pods() {
        return (int) jobOfSpec.values().stream().filter(podOfJob::containsKey).count();
    }

    /** Writes every pod's status at once, as fast as the bench's threads can; stamps each write in {@code written}. */
    private void patchAll(
            ExecutorService writers, List<String> pods, Supplier<String> status, Map<String, Long> written)
            throws Exception {
        CoreV1Api core = new CoreV1Api(bench.client());
        List<Future<?>> patches = new ArrayList<>();
        for (String pod : pods) {
            patches.add(writers.submit(() -> {
                patchStatus(core, pod, status.get());
                if (written != null) {
                    written.put(pod, System.nanoTime());
                }
                return null;
            }));
        }
        for (Future<?> patch : patches) {
            patch.get();
        }
    }

    /** Writes a pod's status, as its kubelet would: a merge patch of {@code pods/status}. */
    private void patchStatus(CoreV1Api core, String pod, String status) throws ApiException {
        String namespace = pod.substring(0, pod.indexOf('/'));
        String name = pod.substring(pod.indexOf('/') + 1);
        PatchUtils.patch(
                V1Pod.class,
                () -> core.patchNamespacedPodStatus(name, namespace, new V1Patch(status))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                bench.client());
    }

    /** The kubelet's status of a started build container. */
    private static String running() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(); // always with seconds
        return "{\"status\":{\"phase\":\"Running\",\"startTime\":\"" + now + "\",\"containerStatuses\":[{\"name\":"
                + "\"build\",\"image\":\"builder\",\"imageID\":\"\",\"restartCount\":0,\"ready\":true,\"started\":true,"
                + "\"state\":{\"running\":{\"startedAt\":\"" + now + "\"}}}]}}";
    }

    /** The kubelet's status of a build container that ended well. */
    private static String succeeded() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(); // always with seconds
        return "{\"status\":{\"phase\":\"Succeeded\",\"containerStatuses\":[{\"name\":\"build\",\"image\":\"builder\","
                + "\"imageID\":\"\",\"restartCount\":0,\"ready\":false,\"started\":false,\"state\":{\"terminated\":"
                + "{\"exitCode\":0,\"reason\":\"Completed\",\"startedAt\":\"" + now + "\",\"finishedAt\":\"" + now
                + "\"}}}]}}";
    }

    private void awaitAll(String what, IntSupplier done, int expected, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (done.getAsInt() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "not " + what + " within " + limit + ": " + done.getAsInt() + " of " + expected);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until the controller has written nothing but its Lease for {@link #QUIET}; answers when its last write was
     * seen (System.nanoTime). Without an audit log, waits {@link #QUIET} once.
     */
    private long awaitQuiet(Duration limit) throws InterruptedException {
        if (audit.isEmpty()) {
            Thread.sleep(QUIET.toMillis());
            return System.nanoTime() - QUIET.toNanos();
        }
        long deadline = System.nanoTime() + limit.toNanos();
        long lastWrite = System.nanoTime();
        long mark = audit.get().mark();
        while (System.nanoTime() - lastWrite < QUIET.toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the controller still writes " + limit + " after the last spec succeeded");
            }
            Thread.sleep(250);
            long next = audit.get().mark();
            if (audit.get().between(mark, next, CONTROLLER).writesOf(LEASE.negate()) > 0) {
                lastWrite = System.nanoTime();
            }
            mark = next;
        }
        return lastWrite;
    }

    private long lastSucceeded() {
        return latest(specSucceeded);
    }

    /** A snapshot: the controller's CPU, the API server's and etcd's, and where the audit log ends. */
    record Figures(long nanos, double controllerCpu, double apiServerCpu, double etcdCpu, long auditMark) {}

    /** What happened from {@code start} to {@code end}; per build too when {@code builds} > 0. */
    private Map<String, Object> between(Figures start, Figures end, int builds) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("seconds", round((end.nanos() - start.nanos()) / 1e9));
        double cpu = end.controllerCpu() - start.controllerCpu();
        map.put("controllerCpuSeconds", round(cpu));
        map.put("apiServerCpuSeconds", round(end.apiServerCpu() - start.apiServerCpu()));
        map.put("etcdCpuSeconds", round(end.etcdCpu() - start.etcdCpu()));
        if (builds > 0) {
            map.put("controllerCpuMsPerBuild", round(cpu * 1000 / builds));
        }
        audit.ifPresent(log -> {
            AuditLog.Requests requests = log.between(start.auditMark(), end.auditMark(), CONTROLLER);
            map.put("controllerRequests", describe(requests));
            if (builds > 0) {
                map.put("controllerWritesPerBuild", round((double) requests.writesOf(LEASE.negate()) / builds));
                map.put("controllerRequestsPerBuild", round((double) requests.total() / builds));
            }
        });
        return map;
    }

    private Figures figures(ControllerProcess controller) {
        Map<String, ProcessHandle> servers = cluster.serverProcesses();
        return new Figures(
                System.nanoTime(),
                ProcessFigures.cpuSeconds(controller.pid()),
                cpu(servers.get("kube-apiserver")),
                cpu(servers.get("etcd")),
                audit.map(AuditLog::mark).orElse(0L));
    }

    private static double cpu(ProcessHandle server) {
        return server == null || !server.isAlive() ? Double.NaN : ProcessFigures.cpuSeconds(server.pid());
    }

    private Map<String, Object> describe(AuditLog.Requests requests) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("total", requests.total());
        map.put("writes", requests.writes());
        map.put("leaseWrites", requests.writesOf(LEASE));
        map.put("byRequest", requests.byRequest());
        return map;
    }

    private String jobKey(String spec) {
        return jobOfSpec.get(spec);
    }

    private String podKey(String spec) {
        String job = jobOfSpec.get(spec);
        return job == null ? null : podOfJob.get(job);
    }

    private static Map<String, String> inverse(Map<String, String> map) {
        Map<String, String> inverse = new LinkedHashMap<>();
        map.forEach((key, value) -> inverse.put(value, key));
        return inverse;
    }

    /** For each key of {@code from}: the time from its stamp to the stamp of its counterpart in {@code to}, in ms. */
    private static List<Long> between(
            Map<String, Long> from, Map<String, Long> to, Function<String, String> counterpart) {
        List<Long> millis = new ArrayList<>();
        from.forEach((key, start) -> {
            String other = counterpart.apply(key);
            Long end = other == null ? null : to.get(other);
            if (end != null) {
                millis.add(Math.max(0, millis(end - start)));
            }
        });
        return millis;
    }

    private static long latest(Map<String, Long> stamps) {
        return stamps.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String key(KubernetesObject object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    private static Optional<String> owner(KubernetesObject object, String kind) {
        List<V1OwnerReference> owners = object.getMetadata().getOwnerReferences();
        return owners == null
                ? Optional.empty()
                : owners.stream()
                        .filter(ref -> kind.equals(ref.getKind()) && Boolean.TRUE.equals(ref.getController()))
                        .map(V1OwnerReference::getName)
                        .findFirst();
    }
}
