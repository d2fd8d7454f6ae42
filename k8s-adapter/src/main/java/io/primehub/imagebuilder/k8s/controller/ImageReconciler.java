package io.primehub.imagebuilder.k8s.controller;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.UpdateTimes;
import io.primehub.imagebuilder.domain.port.RegistryCredentials;
import io.primehub.imagebuilder.domain.reconcile.ImageDecider;
import io.primehub.imagebuilder.domain.reconcile.ImageReconcileDecision;
import io.primehub.imagebuilder.domain.reconcile.JobCancellation;
import io.primehub.imagebuilder.domain.reconcile.ObservedImage;
import io.primehub.imagebuilder.domain.reconcile.SpecEvent;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobList;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles an {@code Image} of PrimeHub's console: reads it and its job from the informers' caches, asks
 * {@link ImageDecider} what to do, and applies that through the API. The job it makes is built by the
 * {@link ImageSpecJobReconciler} like any other. Writes nothing when nothing changed, and nothing at all for an Image
 * without {@code spec.imageSpec.baseImage}.
 */
public final class ImageReconciler implements Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ImageReconciler.class);
    private static final Gson WITH_NULLS = new GsonBuilder().serializeNulls().create();

    private final SharedIndexInformer<ImageResource> images;
    private final SharedIndexInformer<ImageSpecJobResource> jobs;
    private final GenericKubernetesApi<ImageSpecJobResource, ImageSpecJobList> jobApi;
    private final RegistryCredentials registry;
    private final StatusWriter statusWriter;
    private final EventRecorder events;
    private final Clock clock;
    private final String buildNamespace;
    private final UnneededPushSecrets pushSecrets;

    public ImageReconciler(
            SharedIndexInformer<ImageResource> images,
            SharedIndexInformer<ImageSpecJobResource> jobs,
            GenericKubernetesApi<ImageSpecJobResource, ImageSpecJobList> jobApi,
            RegistryCredentials registry,
            StatusWriter statusWriter,
            EventRecorder events,
            Clock clock,
            String buildNamespace,
            UnneededPushSecrets pushSecrets) {
        this.images = images;
        this.jobs = jobs;
        this.jobApi = jobApi;
        this.registry = registry;
        this.statusWriter = statusWriter;
        this.events = events;
        this.clock = clock;
        this.buildNamespace = buildNamespace;
        this.pushSecrets = pushSecrets;
    }

    @Override
    public Result reconcile(Request request) {
        return pushSecrets.reconcileOwner("image", request, images, LOG, this::apply);
    }

    private void apply(ImageResource image) throws ApiException {
        ObservedImage observed = ResourceMapping.observe(image);
        if (!observed.isCustomBuild()) {
            return;
        }
        String name = image.getMetadata().getName();
        Optional<ImageSpecJobResource> job = OwnerIndex.ownedBy(jobs, image).stream()
                .filter(j -> name.equals(j.getMetadata().getName()))
                .findFirst();
        boolean nameTaken =
                job.isEmpty() && jobs.getIndexer().getByKey(image.getMetadata().getNamespace() + "/" + name) != null;
        ImageReconcileDecision decision = ImageDecider.decide(
                observed,
                registry.target(),
                registry.notConfiguredReason().orElse(""),
                job.map(j -> ResourceMapping.observe(j, buildNamespace)),
                nameTaken,
                clock,
                statusWriter.kept(CustomResources.IMAGES));
        if (decision.isNothing()) {
            return;
        }
        String where = image.getMetadata().getNamespace() + "/" + name;
        if (decision.jobToCreate().isPresent()) {
            KubernetesApiResponse<ImageSpecJobResource> created = jobApi.create(
                    ResourceMapping.toResource(decision.jobToCreate().get(), image));
            if (created.isSuccess()) {
                LOG.info("image {}: created job {}", where, name);
            } else if (created.getHttpStatusCode() != ApiErrors.CONFLICT) {
                created.throwsApiException();
            }
        }
        if (decision.jobToRebuild().isPresent()) {
            rebuild(job.orElseThrow(), decision.jobToRebuild().get());
            LOG.info(
                    "image {}: rebuilding job {} (update time {})",
                    where,
                    name,
                    decision.jobToRebuild().get().updateTime());
        }
        if (decision.cancellation().isPresent()) {
            JobCancellation cancellation = decision.cancellation().get();
            statusWriter.writeJobStatus(job.orElseThrow(), cancellation.cancelledStatus());
            LOG.info(
                    "image {}: cancelled job {} ({})",
                    where,
                    name,
                    cancellation.cancelledStatus().reason());
        }
        if (decision.writesImage()) {
            statusWriter.writeImage(image, decision.newStatus(), decision.newUrls());
            decision.newUrls().ifPresent(urls -> LOG.info("image {}: url is now {}", where, urls.url()));
        }
        for (SpecEvent event : decision.events()) {
            events.record(image, event);
        }
    }

    /**
     * Replaces the job's spec with the Image's current build, and its revision and attempt annotations: the job
     * reconciler then starts a fresh attempt (its update time is later). One merge patch, guarded by the job's
     * resourceVersion; fields the new spec does not have are removed.
     */
    private void rebuild(ImageSpecJobResource current, ImageSpecJob next) throws ApiException {
        JsonObject annotations = new JsonObject();
        ResourceMapping.annotations(next).forEach(annotations::addProperty);
        JsonObject metadata = new JsonObject();
        metadata.addProperty("resourceVersion", current.getMetadata().getResourceVersion());
        metadata.add("annotations", annotations);
        JsonObject body = new JsonObject();
        body.add("metadata", metadata);
        body.add("spec", WITH_NULLS.toJsonTree(ResourceMapping.toSpec(next)));
        jobApi.patch(
                        current.getMetadata().getNamespace(),
                        current.getMetadata().getName(),
                        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                        new V1Patch(WITH_NULLS.toJson(body)))
                .throwsApiException();
        LOG.debug(
                "job {}/{}: build attempt {}",
                current.getMetadata().getNamespace(),
                current.getMetadata().getName(),
                UpdateTimes.canonical(next.updateTime()));
    }
}
