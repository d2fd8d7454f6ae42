package io.primehub.imagebuilder.k8s;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.options.ListOptions;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.UpdateTimes;
import io.primehub.imagebuilder.domain.reconcile.BuildReason;
import io.primehub.imagebuilder.domain.reconcile.JobDecider;
import io.primehub.imagebuilder.domain.reconcile.ObservedJob;
import io.primehub.imagebuilder.domain.reconcile.ObservedSpec;
import io.primehub.imagebuilder.domain.status.JobStatus;
import io.primehub.imagebuilder.domain.status.SpecStatus;
import io.primehub.imagebuilder.k8s.build.BuildLogs;
import io.primehub.imagebuilder.k8s.controller.StatusWriter;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobList;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecList;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecSpec;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * What an embedding service can do with specs, backed by the API server. Failures of the API server surface
 * as {@link IllegalStateException} naming the object and the HTTP status; a missing object as
 * {@link NoSuchElementException}.
 */
public final class ImageSpecOperations {

    /** Reads and writes of a cancel that the job's own status writes may overtake. */
    static final int CANCEL_ATTEMPTS = 5;

    private static final Gson WITH_NULLS = new GsonBuilder().serializeNulls().create();

    private final ApiClient client;
    private final Clock clock;
    private final String buildNamespace;
    private final GenericKubernetesApi<ImageSpecResource, ImageSpecList> specs;
    private final GenericKubernetesApi<ImageSpecJobResource, ImageSpecJobList> jobs;

    public ImageSpecOperations(ApiClient client, Clock clock) {
        this(client, clock, "");
    }

    /** @param buildNamespace where the controller runs build pods ({@code ""}: beside their jobs), for build logs */
    public ImageSpecOperations(ApiClient client, Clock clock, String buildNamespace) {
        this.client = TolerantJson.install(client);
        this.clock = clock;
        this.buildNamespace = buildNamespace;
        this.specs = CustomResources.imageSpecs(client);
        this.jobs = CustomResources.imageSpecJobs(client);
    }

    /** Creates the spec, or merges its fields into the existing one (fields this version does not know survive). */
    public void apply(ImageSpec spec) {
        ImageSpecResource resource = new ImageSpecResource()
                .setMetadata(new V1ObjectMeta().name(spec.name()).namespace(spec.namespace()))
                .setSpec(new ImageSpecSpec()
                        .setBaseImage(spec.baseImage())
                        .setPullSecret(spec.pullSecret())
                        .setPackages(ResourceMapping.toResource(spec.packages()))
                        .setUpdateTime(spec.updateTime().isEmpty() ? null : spec.updateTime()));
        KubernetesApiResponse<ImageSpecResource> created = specs.create(resource);
        if (created.isSuccess()) {
            return;
        }
        if (created.getHttpStatusCode() != 409) {
            throw failure("create ImageSpec", spec.namespace(), spec.name(), created);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("baseImage", spec.baseImage());
        fields.put("pullSecret", spec.pullSecret());
        fields.put(
                "packages",
                Map.of(
                        "apt",
                        spec.packages().apt(),
                        "pip",
                        spec.packages().pip(),
                        "conda",
                        spec.packages().conda()));
        fields.put("updateTime", spec.updateTime().isEmpty() ? null : spec.updateTime());
        mergeSpec(spec.namespace(), spec.name(), fields);
    }

    public Optional<SpecStatus> status(String namespace, String name) {
        return spec(namespace, name).map(ImageSpecOperations::statusOf);
    }

    private static SpecStatus statusOf(ImageSpecResource spec) {
        ObservedSpec observed = ResourceMapping.observe(spec);
        var state = observed.state();
        return new SpecStatus(
                state.phase(),
                state.jobName(),
                state.image(),
                state.imageDigest(),
                state.condition() == null ? List.of() : List.of(state.condition()),
                state.observedGeneration());
    }

    /**
     * One spec as {@code image-builder get} lists it.
     *
     * @param revision the 8-hex hash of its base image and packages, which names its job
     * @param created  its creation time
     */
    public record Summary(
            String namespace, String name, String phase, String revision, String image, Instant created) {}

    /** The specs of {@code namespace} ({@code ""}: of every namespace), by namespace and name. */
    public List<Summary> list(String namespace) {
        KubernetesApiResponse<ImageSpecList> response = namespace.isEmpty() ? specs.list() : specs.list(namespace);
        if (!response.isSuccess()) {
            throw failure("list ImageSpecs in", namespace.isEmpty() ? "every namespace" : namespace, "", response);
        }
        List<Summary> summaries = new ArrayList<>();
        for (ImageSpecResource spec : response.getObject().getItems()) {
            ObservedSpec observed = ResourceMapping.observe(spec);
            summaries.add(new Summary(
                    spec.getMetadata().getNamespace(),
                    spec.getMetadata().getName(),
                    observed.state().phase(),
                    observed.spec().revision().value(),
                    observed.state().image(),
                    spec.getMetadata().getCreationTimestamp() == null
                            ? null
                            : spec.getMetadata().getCreationTimestamp().toInstant()));
        }
        summaries.sort(Comparator.comparing(Summary::namespace).thenComparing(Summary::name));
        return summaries;
    }

    /** The spec as written (its base image, packages, pull secret and update time); empty when there is none. */
    public Optional<ImageSpec> read(String namespace, String name) {
        return spec(namespace, name).map(spec -> ResourceMapping.observe(spec).spec());
    }

    /** One event about a spec, as {@code image-builder describe} shows it. */
    public record Event(Instant time, String type, String reason, String message, int count) {}

    /** The events about the spec, oldest first. */
    public List<Event> events(String namespace, String name) {
        try {
            List<Event> events = new ArrayList<>();
            for (CoreV1Event event : new CoreV1Api(client)
                    .listNamespacedEvent(namespace)
                    .fieldSelector("involvedObject.kind=" + ImageSpecResource.KIND + ",involvedObject.name=" + name)
                    .execute()
                    .getItems()) {
                OffsetDateTime time = event.getLastTimestamp() != null
                        ? event.getLastTimestamp()
                        : event.getEventTime() != null
                                ? event.getEventTime()
                                : event.getMetadata().getCreationTimestamp();
                events.add(new Event(
                        time == null ? null : time.toInstant(),
                        Objects.toString(event.getType(), ""),
                        Objects.toString(event.getReason(), ""),
                        Objects.toString(event.getMessage(), ""),
                        event.getCount() == null ? 1 : event.getCount()));
            }
            events.sort(Comparator.comparing(Event::time, Comparator.nullsFirst(Comparator.naturalOrder())));
            return events;
        } catch (ApiException e) {
            throw new IllegalStateException(
                    "cannot list the events of ImageSpec " + namespace + "/" + name + ": HTTP " + e.getCode(), e);
        }
    }

    /** The spec as the API server has it; empty when there is none. */
    private Optional<ImageSpecResource> spec(String namespace, String name) {
        KubernetesApiResponse<ImageSpecResource> response = specs.get(namespace, name);
        if (response.getHttpStatusCode() == 404) {
            return Optional.empty();
        }
        if (!response.isSuccess()) {
            throw failure("read ImageSpec", namespace, name, response);
        }
        return Optional.of(response.getObject());
    }

    /** The spec's jobs, newest first. */
    public List<JobStatus> jobs(String namespace, String specName) {
        KubernetesApiResponse<ImageSpecJobList> response = jobs.list(
                namespace,
                new ListOptions()
                        .labelSelector(ImageSpecJob.SPEC_NAME_LABEL + "=" + ObjectNames.specLabelValue(specName)));
        if (!response.isSuccess()) {
            throw failure("list ImageSpecJobs of", namespace, specName, response);
        }
        List<JobStatus> result = new ArrayList<>();
        for (ImageSpecJobResource job : response.getObject().getItems()) {
            ObservedJob observed = ResourceMapping.observe(job);
            if (!specName.equals(observed.job().specName())) {
                continue;
            }
            var state = observed.state();
            OffsetDateTime created = job.getMetadata().getCreationTimestamp();
            result.add(new JobStatus(
                    observed.name(),
                    observed.job().revision().value(),
                    observed.job().pushedImage(),
                    state.imageDigest(),
                    state.phase().wireName(),
                    state.podName(),
                    state.startTime(),
                    state.finishTime(),
                    state.reason(),
                    state.message(),
                    created == null ? null : created.toInstant()));
        }
        result.sort(Comparator.comparing(JobStatus::created, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(JobStatus::name));
        return result;
    }

    /**
     * Asks for a fresh build of the spec's current revision, as PrimeHub's console does: a later updateTime (now, or
     * a second after the current one when that is not earlier).
     */
    public void rebuild(String namespace, String name) {
        ImageSpecSpec current = spec(namespace, name)
                .orElseThrow(() -> new NoSuchElementException("no ImageSpec " + namespace + "/" + name))
                .getSpec();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("updateTime", UpdateTimes.next(current == null ? null : current.getUpdateTime(), clock.instant()));
        mergeSpec(namespace, name, fields);
    }

    /**
     * Cancels the spec's newest job if it has not finished; false when there is none running. The status is written
     * against the job as read (its resourceVersion): when the controller writes the job's status in between (the pod
     * started running, say), the job is read again and the cancel decided again, up to {@value #CANCEL_ATTEMPTS} times,
     * so that a build that finished meanwhile keeps its result.
     */
    public boolean cancel(String namespace, String name) {
        SpecStatus status = status(namespace, name)
                .orElseThrow(() -> new NoSuchElementException("no ImageSpec " + namespace + "/" + name));
        if (status.jobName().isEmpty()) {
            return false;
        }
        for (int attempt = 1; ; attempt++) {
            KubernetesApiResponse<ImageSpecJobResource> response = jobs.get(namespace, status.jobName());
            if (response.getHttpStatusCode() == 404) {
                return false;
            }
            if (!response.isSuccess()) {
                throw failure("read ImageSpecJob", namespace, status.jobName(), response);
            }
            ObservedJob job = ResourceMapping.observe(response.getObject());
            if (job.state().isFinished()) {
                return false;
            }
            try {
                new StatusWriter(client)
                        .writeJobStatus(
                                response.getObject(),
                                JobDecider.cancelled(job, BuildReason.CANCELLED, "cancelled on request", clock));
                return true;
            } catch (ApiException e) {
                if (e.getCode() == 409 && attempt < CANCEL_ATTEMPTS) {
                    continue;
                }
                throw new IllegalStateException(
                        "cannot cancel ImageSpecJob " + namespace + "/" + status.jobName()
                                + ": HTTP " + e.getCode()
                                + (e.getCode() == 409
                                        ? " (it changed " + attempt + " times while being cancelled; try again)"
                                        : ""),
                        e);
            }
        }
    }

    /**
     * The log of the job's build pod, as far as it has come: empty while the build container has not started yet
     * (pulling the builder image, mounting volumes), where the API server answers 400. Once the pod is gone, the end
     * of its log that the controller kept ({@link BuildLogs}: at most 64 KiB, secrets redacted).
     */
    public String buildLog(String namespace, String jobName) {
        ObservedJob job = observedJob(namespace, jobName);
        String pod = podOf(job);
        CoreV1Api core = new CoreV1Api(client);
        try {
            // an empty log comes back as no body at all, which the client reads as null
            return Objects.requireNonNullElse(
                    core.readNamespacedPodLog(pod, job.podNamespace())
                            .container(ResourceMapping.BUILD_CONTAINER)
                            .execute(),
                    "");
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                // the pod is gone: the end of its log, if the controller kept it (and not an earlier attempt's)
                Optional<BuildLogs.Kept> kept = keptLog(core, namespace, jobName);
                if (kept.isPresent() && kept.get().podName().equals(pod)) {
                    return kept.get().log();
                }
                if (job.state().reason().equals(BuildReason.ALREADY_BUILT.wireName())) {
                    return "no build ran (" + BuildReason.ALREADY_BUILT.wireName() + "): "
                            + job.state().message() + "\n";
                }
                throw new NoSuchElementException("job " + namespace + "/" + jobName + " has no build pod " + pod
                        + " and no kept log of it"
                        + kept.map(k -> " (the kept log is of an earlier attempt's pod " + k.podName() + ")")
                                .orElse(""));
            }
            if (e.getCode() == 400 && buildContainerWaits(core, job.podNamespace(), pod)) {
                return "";
            }
            throw new IllegalStateException(
                    "cannot read the log of pod " + job.podNamespace() + "/" + pod + ": HTTP " + e.getCode(), e);
        }
    }

    /**
     * Writes the job's build log to {@code out} as it comes, until the build container ends: waits while it has not
     * started, follows the live log while it runs, and, once the pod is gone, writes the kept end of it ({@link
     * #buildLog}). The stream has no read timeout, so a build that prints nothing for a while is not cut off.
     */
    public void followBuildLog(String namespace, String jobName, OutputStream out) throws IOException {
        ObservedJob job = observedJob(namespace, jobName);
        CoreV1Api core = new CoreV1Api(client);
        String pod = podOf(job);
        try {
            // Right after a change the pod may not be there yet: wait for it while the job has not ended.
            while (!job.state().isFinished() && !podExists(core, job.podNamespace(), pod)) {
                Thread.sleep(1000);
                job = observedJob(namespace, jobName);
                pod = podOf(job);
            }
            while (buildContainerWaits(core, job.podNamespace(), pod)) {
                Thread.sleep(1000);
            }
            okhttp3.Request request = core.readNamespacedPodLog(pod, job.podNamespace())
                    .container(ResourceMapping.BUILD_CONTAINER)
                    .follow(true)
                    .buildCall(null)
                    .request();
            okhttp3.OkHttpClient noReadTimeout = client.getHttpClient()
                    .newBuilder()
                    .readTimeout(Duration.ZERO)
                    .build();
            try (okhttp3.Response log = noReadTimeout.newCall(request).execute()) {
                if (log.code() == 404) {
                    out.write(buildLog(namespace, jobName).getBytes(StandardCharsets.UTF_8)); // the pod is gone
                } else if (!log.isSuccessful()) {
                    throw new IllegalStateException(
                            "cannot follow the log of pod " + job.podNamespace() + "/" + pod + ": HTTP " + log.code());
                } else {
                    log.body().byteStream().transferTo(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ApiException e) {
            throw new IllegalStateException(
                    "cannot follow the log of pod " + job.podNamespace() + "/" + pod + ": HTTP " + e.getCode(), e);
        }
        out.flush();
    }

    private ObservedJob observedJob(String namespace, String jobName) {
        KubernetesApiResponse<ImageSpecJobResource> response = jobs.get(namespace, jobName);
        if (response.getHttpStatusCode() == 404) {
            throw new NoSuchElementException("no ImageSpecJob " + namespace + "/" + jobName);
        }
        if (!response.isSuccess()) {
            throw failure("read ImageSpecJob", namespace, jobName, response);
        }
        return ResourceMapping.observe(response.getObject(), buildNamespace);
    }

    /** The pod of the job's current attempt: the one its status names, else the one its update time asks for. */
    private static String podOf(ObservedJob job) {
        return job.state().podName().isEmpty()
                ? job.desiredPodName()
                : job.state().podName();
    }

    private static boolean podExists(CoreV1Api core, String namespace, String pod) throws ApiException {
        try {
            core.readNamespacedPod(pod, namespace).execute();
            return true;
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static Optional<BuildLogs.Kept> keptLog(CoreV1Api core, String namespace, String jobName) {
        try {
            return BuildLogs.read(core, namespace, jobName);
        } catch (ApiException e) {
            throw new IllegalStateException(
                    "cannot read the kept log of job " + namespace + "/" + jobName + ": HTTP " + e.getCode(), e);
        }
    }

    /** Whether the pod's build container has not started yet: it has no log, which is not an error. */
    private static boolean buildContainerWaits(CoreV1Api core, String namespace, String pod) {
        try {
            V1PodStatus status =
                    core.readNamespacedPod(pod, namespace).execute().getStatus();
            if (status == null
                    || status.getContainerStatuses() == null
                    || status.getContainerStatuses().isEmpty()) {
                return status != null && "Pending".equals(status.getPhase());
            }
            return status.getContainerStatuses().stream()
                    .filter(container -> ResourceMapping.BUILD_CONTAINER.equals(container.getName()))
                    .anyMatch(container ->
                            container.getState() != null && container.getState().getWaiting() != null);
        } catch (ApiException e) {
            return false;
        }
    }

    private void mergeSpec(String namespace, String name, Map<String, Object> fields) {
        String body = WITH_NULLS.toJson(Map.of("spec", fields));
        KubernetesApiResponse<ImageSpecResource> patched =
                specs.patch(namespace, name, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, new V1Patch(body));
        if (patched.getHttpStatusCode() == 404) {
            throw new NoSuchElementException("no ImageSpec " + namespace + "/" + name);
        }
        if (!patched.isSuccess()) {
            throw failure("update ImageSpec", namespace, name, patched);
        }
    }

    private static IllegalStateException failure(
            String action, String namespace, String name, KubernetesApiResponse<?> response) {
        String detail =
                response.getStatus() == null ? "" : ": " + response.getStatus().getMessage();
        return new IllegalStateException(
                "cannot " + action + " " + namespace + "/" + name + ": HTTP " + response.getHttpStatusCode() + detail);
    }
}
