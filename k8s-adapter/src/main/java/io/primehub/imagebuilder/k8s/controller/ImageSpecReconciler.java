package io.primehub.imagebuilder.k8s.controller;

import com.google.gson.JsonObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.options.DeleteOptions;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.UpdateTimes;
import io.primehub.imagebuilder.domain.port.RegistryCredentials;
import io.primehub.imagebuilder.domain.reconcile.ImageSpecDecider;
import io.primehub.imagebuilder.domain.reconcile.ImageSpecReconcileDecision;
import io.primehub.imagebuilder.domain.reconcile.JobCancellation;
import io.primehub.imagebuilder.domain.reconcile.JobHistory;
import io.primehub.imagebuilder.domain.reconcile.ObservedJob;
import io.primehub.imagebuilder.domain.reconcile.ObservedSpec;
import io.primehub.imagebuilder.domain.reconcile.SpecEvent;
import io.primehub.imagebuilder.domain.reconcile.SpecState;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobList;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecList;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles an {@code ImageSpec}: reads it and its jobs from the informers' caches, asks
 * {@link ImageSpecDecider} what to do, and applies that through the API. Writes nothing when nothing changed.
 */
public final class ImageSpecReconciler implements Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ImageSpecReconciler.class);

    private final SharedIndexInformer<ImageSpecResource> specs;
    private final SharedIndexInformer<ImageSpecJobResource> jobs;
    private final GenericKubernetesApi<ImageSpecResource, ImageSpecList> specApi;
    private final GenericKubernetesApi<ImageSpecJobResource, ImageSpecJobList> jobApi;
    private final RegistryCredentials registry;
    private final StatusWriter statusWriter;
    private final EventRecorder events;
    private final Clock clock;
    private final String buildNamespace;
    private final UnneededPushSecrets pushSecrets;
    /** How many jobs a spec keeps. */
    private final int jobHistory;

    public ImageSpecReconciler(
            SharedIndexInformer<ImageSpecResource> specs,
            SharedIndexInformer<ImageSpecJobResource> jobs,
            GenericKubernetesApi<ImageSpecResource, ImageSpecList> specApi,
            GenericKubernetesApi<ImageSpecJobResource, ImageSpecJobList> jobApi,
            RegistryCredentials registry,
            StatusWriter statusWriter,
            EventRecorder events,
            Clock clock,
            String buildNamespace,
            UnneededPushSecrets pushSecrets,
            int jobHistory) {
        this.specs = specs;
        this.jobs = jobs;
        this.specApi = specApi;
        this.jobApi = jobApi;
        this.registry = registry;
        this.statusWriter = statusWriter;
        this.events = events;
        this.clock = clock;
        this.buildNamespace = buildNamespace;
        this.pushSecrets = pushSecrets;
        this.jobHistory = jobHistory;
    }

    @Override
    public Result reconcile(Request request) {
        return pushSecrets.reconcileOwner("spec", request, specs, LOG, this::apply);
    }

    private void apply(ImageSpecResource spec) throws ApiException {
        List<ImageSpecJobResource> owned = OwnerIndex.ownedBy(jobs, spec);
        Map<String, ImageSpecJobResource> byName = owned.stream()
                .collect(Collectors.toMap(j -> j.getMetadata().getName(), Function.identity(), (a, b) -> a));
        List<ObservedJob> observed = owned.stream()
                .map(job -> ResourceMapping.observe(job, buildNamespace))
                .toList();
        String namespace = spec.getMetadata().getNamespace();
        Predicate<String> taken = name -> {
            ImageSpecJobResource job = jobs.getIndexer().getByKey(namespace + "/" + name);
            return job != null && !owned.contains(job);
        };
        ObservedSpec observedSpec = ResourceMapping.observe(spec);
        LogFields.revision(observedSpec.spec().revision().value());
        ImageSpecReconcileDecision decision = ImageSpecDecider.decide(
                observedSpec,
                registry.target(),
                registry.notConfiguredReason().orElse(""),
                observed,
                taken,
                clock,
                statusWriter.kept(CustomResources.IMAGE_SPECS));
        if (decision.isNothing()) {
            pruneHistory(spec, owned, observed, decision);
            return;
        }
        String where =
                spec.getMetadata().getNamespace() + "/" + spec.getMetadata().getName();
        if (decision.updateTime().isPresent()) {
            giveUpdateTime(spec, decision.updateTime().get());
            LOG.info(
                    "spec {}: had no update time; given {}",
                    where,
                    decision.updateTime().get());
        }
        if (decision.jobToCreate().isPresent()) {
            createJob(spec, decision.jobToCreate().get());
        }
        if (decision.rebuild().isPresent()) {
            ImageSpecReconcileDecision.Rebuild rebuild = decision.rebuild().get();
            ImageSpecJobResource job = byName.get(rebuild.jobName());
            requestRebuild(job, rebuild.updateTime());
            LOG.info("spec {}: rebuilding job {} for update time {}", where, rebuild.jobName(), rebuild.updateTime());
        }
        for (JobCancellation cancellation : decision.cancellations()) {
            statusWriter.writeJobStatus(byName.get(cancellation.jobName()), cancellation.cancelledStatus());
            LOG.info(
                    "spec {}: cancelled job {} ({})",
                    where,
                    cancellation.jobName(),
                    cancellation.cancelledStatus().reason());
        }
        if (decision.newStatus().isPresent()) {
            statusWriter.writeSpecStatus(spec, decision.newStatus().get());
        }
        for (SpecEvent event : decision.events()) {
            events.record(spec, event);
        }
        pruneHistory(spec, owned, observed, decision);
    }

    /**
     * Deletes the spec's jobs beyond its history ({@link JobHistory}); their pods and kept logs go with them. Best
     * effort: a refused delete (an account without the verb) is logged, and the spec's reconcile goes on.
     */
    private void pruneHistory(
            ImageSpecResource spec,
            List<ImageSpecJobResource> owned,
            List<ObservedJob> observed,
            ImageSpecReconcileDecision decision) {
        if (observed.size() <= jobHistory) {
            return;
        }
        SpecState state = decision.newStatus()
                .orElseGet(() -> ResourceMapping.observe(spec).state());
        Map<String, java.time.OffsetDateTime> created = owned.stream()
                .filter(job -> job.getMetadata().getCreationTimestamp() != null)
                .collect(Collectors.toMap(
                        job -> job.getMetadata().getName(),
                        job -> job.getMetadata().getCreationTimestamp(),
                        (a, b) -> a));
        List<ObservedJob> newestFirst = observed.stream()
                .sorted(java.util.Comparator.comparing(
                                (ObservedJob job) -> created.getOrDefault(job.name(), java.time.OffsetDateTime.MIN),
                                java.util.Comparator.reverseOrder())
                        .thenComparing(ObservedJob::name, java.util.Comparator.reverseOrder()))
                .toList();
        for (String name : JobHistory.toPrune(newestFirst, state, jobHistory)) {
            String namespace = spec.getMetadata().getNamespace();
            KubernetesApiResponse<ImageSpecJobResource> deleted = jobApi.delete(namespace, name, background());
            if (!deleted.isSuccess() && deleted.getHttpStatusCode() != 404) {
                LOG.warn(
                        "spec {}/{}: cannot delete job {}, beyond the {} jobs a spec keeps (HTTP {}): {}",
                        namespace,
                        spec.getMetadata().getName(),
                        name,
                        jobHistory,
                        deleted.getHttpStatusCode(),
                        deleted.getStatus() == null ? "" : deleted.getStatus().getMessage());
                continue;
            }
            LOG.info(
                    "spec {}/{}: deleted job {}, beyond the {} jobs a spec keeps",
                    namespace,
                    spec.getMetadata().getName(),
                    name,
                    jobHistory);
        }
    }

    private static DeleteOptions background() {
        DeleteOptions options = new DeleteOptions();
        options.setPropagationPolicy("Background");
        return options;
    }

    private void createJob(ImageSpecResource spec, ImageSpecJob job) throws ApiException {
        KubernetesApiResponse<ImageSpecJobResource> created = jobApi.create(ResourceMapping.toResource(job, spec));
        if (created.isSuccess()) {
            LOG.info("spec {}/{}: created job {}", job.namespace(), job.specName(), job.name());
        } else if (created.getHttpStatusCode() != ApiErrors.CONFLICT) {
            created.throwsApiException();
        }
    }

    /** Gives the spec an update time, as PrimeHub does. */
    private void giveUpdateTime(ImageSpecResource spec, String updateTime) throws ApiException {
        patchUpdateTime(specApi, spec, updateTime, new JsonObject());
    }

    /**
     * Copies the spec's update time to the job, and marks the job's attempts as this controller's (an adopted job
     * becomes one it builds).
     */
    private void requestRebuild(ImageSpecJobResource job, String updateTime) throws ApiException {
        JsonObject annotations = new JsonObject();
        annotations.addProperty(ImageSpecJob.BUILD_ATTEMPT_ANNOTATION, UpdateTimes.canonical(updateTime));
        patchUpdateTime(jobApi, job, updateTime, annotations);
    }

    /** Sets {@code spec.updateTime} (and annotations): a merge patch guarded by the object's resourceVersion. */
    private static <T extends KubernetesObject> void patchUpdateTime(
            GenericKubernetesApi<T, ?> api, T object, String updateTime, JsonObject annotations) throws ApiException {
        JsonObject metadata = new JsonObject();
        metadata.addProperty("resourceVersion", object.getMetadata().getResourceVersion());
        if (!annotations.isEmpty()) {
            metadata.add("annotations", annotations);
        }
        JsonObject spec = new JsonObject();
        spec.addProperty("updateTime", updateTime);
        JsonObject body = new JsonObject();
        body.add("metadata", metadata);
        body.add("spec", spec);
        api.patch(
                        object.getMetadata().getNamespace(),
                        object.getMetadata().getName(),
                        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                        new V1Patch(body.toString()))
                .throwsApiException();
    }
}
