package io.primehub.imagebuilder.k8s.controller;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobOrigin;
import io.primehub.imagebuilder.domain.model.JobPhase;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.RecipeDigest;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.model.UpdateTimes;
import io.primehub.imagebuilder.domain.planning.JobPlanner;
import io.primehub.imagebuilder.domain.port.BuiltImages;
import io.primehub.imagebuilder.domain.port.DockerfileRenderer;
import io.primehub.imagebuilder.domain.port.RegistryCredentials;
import io.primehub.imagebuilder.domain.reconcile.BuildLogTail;
import io.primehub.imagebuilder.domain.reconcile.BuildPodNames;
import io.primehub.imagebuilder.domain.reconcile.BuildReason;
import io.primehub.imagebuilder.domain.reconcile.BuildTrust;
import io.primehub.imagebuilder.domain.reconcile.Condition;
import io.primehub.imagebuilder.domain.reconcile.ConditionStatus;
import io.primehub.imagebuilder.domain.reconcile.JobDecider;
import io.primehub.imagebuilder.domain.reconcile.JobReconcileDecision;
import io.primehub.imagebuilder.domain.reconcile.JobState;
import io.primehub.imagebuilder.domain.reconcile.ObservedImage;
import io.primehub.imagebuilder.domain.reconcile.ObservedJob;
import io.primehub.imagebuilder.domain.reconcile.ObservedPod;
import io.primehub.imagebuilder.domain.reconcile.OwnerPlan;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import io.primehub.imagebuilder.domain.validation.InvalidImageSpecException;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.k8s.ControllerMetrics;
import io.primehub.imagebuilder.k8s.ControllerOptions;
import io.primehub.imagebuilder.k8s.build.BuildLogs;
import io.primehub.imagebuilder.k8s.build.BuildPlacement;
import io.primehub.imagebuilder.k8s.build.BuildPodFactory;
import io.primehub.imagebuilder.k8s.build.PushSecretFactory;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobList;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles an {@code ImageSpecJob}: ensures the push secret and the shared build script, creates the one build
 * pod of the job's current attempt (deterministic name; 409 means it is there), and mirrors the pod into
 * the job's status, as {@link JobDecider} decides.
 */
public final class ImageSpecJobReconciler implements Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ImageSpecJobReconciler.class);

    private final Informers informers;
    private final SharedIndexInformer<ImageSpecJobResource> jobs;
    private final SharedIndexInformer<V1Pod> pods;
    private final GenericKubernetesApi<ImageSpecJobResource, ImageSpecJobList> jobApi;
    private final CoreV1Api core;
    private final DockerfileRenderer renderer;
    private final RegistryCredentials registry;
    private final BuiltImages builtImages;
    private final boolean skipExisting;
    private final BuildPodSettings settings;
    private final SharedBuildScript buildScript;
    private final StatusWriter statusWriter;
    private final Clock clock;
    private final String buildNamespace;
    private final String watchNamespace;
    private final Duration podTtl;
    private final ControllerMetrics metrics;
    /** Finished attempts ({@code <job uid>/<pod>}) whose pull-secret copy this controller has removed. */
    private final Set<String> pullCopiesRemoved = ConcurrentHashMap.newKeySet();

    public ImageSpecJobReconciler(
            Informers informers,
            GenericKubernetesApi<ImageSpecJobResource, ImageSpecJobList> jobApi,
            CoreV1Api core,
            DockerfileRenderer renderer,
            RegistryCredentials registry,
            BuiltImages builtImages,
            BuildPodSettings settings,
            String buildScript,
            StatusWriter statusWriter,
            Clock clock,
            ControllerOptions options,
            ControllerMetrics metrics) {
        this.informers = informers;
        this.jobs = informers.jobs();
        this.pods = informers.pods();
        this.jobApi = jobApi;
        this.core = core;
        this.renderer = renderer;
        this.registry = registry;
        this.builtImages = builtImages;
        this.skipExisting = options.skipExisting();
        this.settings = settings;
        this.buildScript = new SharedBuildScript(core, buildScript, System::nanoTime);
        this.statusWriter = statusWriter;
        this.clock = clock;
        this.buildNamespace = options.buildNamespace();
        this.watchNamespace = options.namespace();
        this.podTtl = options.podTtl();
        this.metrics = metrics;
    }

    @Override
    public Result reconcile(Request request) {
        ImageSpecJobResource job = jobs.getIndexer().getByKey(request.getNamespace() + "/" + request.getName());
        boolean watched = watchNamespace.isEmpty() || watchNamespace.equals(request.getNamespace());
        if (job == null && watched && !buildNamespace.isEmpty() && !buildNamespace.equals(request.getNamespace())) {
            // Its build objects in the build namespace have no owner reference to go with it: they go now.
            return ApiErrors.attempt("job", request, LOG, () -> removeBuildObjects(request));
        }
        if (job == null || job.getMetadata().getDeletionTimestamp() != null || !isOwned(job)) {
            return new Result(false);
        }
        AtomicReference<Duration> again = new AtomicReference<>();
        Result result = ApiErrors.attempt(
                "job", request, LOG, () -> again.set(apply(job).orElse(null)));
        // a finished build's pod that is to go later: look at the job again then
        return result.isRequeue() || again.get() == null ? result : new Result(true, again.get());
    }

    /**
     * Whether the job is this controller's to build: one that an {@code ImageSpec} or an {@code Image} controls. A
     * job made by hand, or owned by anything else, is left as it is: no pod, no status write.
     */
    public static boolean isOwned(ImageSpecJobResource job) {
        return ResourceMapping.controllerRef(job.getMetadata(), ImageSpecResource.KIND)
                        .isPresent()
                || ResourceMapping.controllerRef(job.getMetadata(), ImageResource.KIND)
                        .isPresent();
    }

    /** Reconciles the job; says when to look at it again, if it must be (a finished build's pod that goes later). */
    private Optional<Duration> apply(ImageSpecJobResource observedResource) throws ApiException {
        ImageSpecJobResource resource = observedResource;
        ObservedJob job = ResourceMapping.observe(resource, buildNamespace);
        LogFields.revision(job.job().revision().value());
        List<ObservedPod> owned = new ArrayList<>(OwnerIndex.ownedBy(pods, resource).stream()
                .map(ResourceMapping::observe)
                .toList());
        String podName = job.desiredPodName();
        boolean recorded = podName.equals(job.state().podName()) && !job.state().isFinished();
        if (recorded && owned.stream().noneMatch(p -> p.name().equals(podName))) {
            // The cache may lag behind our own create: only a live read says the pod is really gone.
            livePod(job.podNamespace(), podName, resource.getMetadata().getUid())
                    .ifPresent(owned::add);
        }
        if (recorded && job.managed()) {
            // A pod waiting to start needs the script: one deleted meanwhile is made again (read once a minute).
            buildScript.ensure(job.podNamespace());
        }
        if (job.state().isFinished()
                && job.buildsElsewhere()
                && job.job().hasPullSecret()
                && !pullCopiesRemoved.contains(
                        resource.getMetadata().getUid() + "/" + job.state().podName())) {
            // The copy of the spec's pull secret lives as long as the build, however it ended: removed once per
            // finished attempt, not on every later reconcile of the job.
            deleteSecret(job.podNamespace(), BuildPlacement.pullSecretCopyName(job.buildBaseName()));
            pullCopiesRemoved.add(
                    resource.getMetadata().getUid() + "/" + job.state().podName());
        }
        Optional<Duration> podGoesIn = expireFinishedPod(resource, job, owned);
        JobReconcileDecision decision =
                JobDecider.decide(job, owned, clock, statusWriter.kept(CustomResources.IMAGE_SPEC_JOBS));
        if (decision.isNothing()) {
            return podGoesIn;
        }
        String where = job.job().namespace() + "/" + job.name();
        if (decision.createPod()) {
            BuildTrust.Verdict verdict = BuildTrust.verify(job.job(), ownerPlan(resource, job.job()));
            if (verdict.refusal().isPresent()) {
                writeStatus(
                        resource,
                        job,
                        failed(job, BuildReason.REFUSED, verdict.refusal().get()));
                LOG.warn("job {}: refused: {}", where, verdict.refusal().get());
                return Optional.empty();
            }
            if (verdict.build().isEmpty()) {
                LOG.debug("job {}: not built: its owner does not ask for it now", where);
                return Optional.empty();
            }
            ImageSpecJob build = verdict.build().get();
            try {
                resource = alignedWith(resource, build);
                BuildPlacement placement = job.buildsElsewhere()
                        ? BuildPlacement.inBuildNamespace(
                                build, resource.getMetadata().getUid(), job.podNamespace())
                        : BuildPlacement.besideTheJob(build, ResourceMapping.ownerReference(resource));
                Prepared prepared = prepareBuild(job, build, placement);
                if (prepared.end().isPresent()) {
                    writeStatus(resource, job, prepared.end().get());
                    return Optional.empty();
                }
                buildScript.ensure(placement.namespace());
                if (createPod(placement, build, decision.podName(), prepared)) {
                    metrics.buildStarted(build.origin().ownerKind(), sinceChange(resource, build));
                }
            } catch (ApiException e) {
                if (!ApiErrors.isPermanent(e)) {
                    throw e;
                }
                // Sending it again cannot succeed until someone changes the cluster: the job ends, and says why.
                String message = "the API server refused the build (HTTP " + e.getCode() + "): " + ApiErrors.message(e);
                writeStatus(resource, job, failed(job, BuildReason.REJECTED, message));
                LOG.warn("job {}: {}", where, message);
                return Optional.empty();
            }
            LOG.info("job {}: build pod {} created", where, decision.podName());
        }
        if (decision.newStatus().isPresent()) {
            JobState next = decision.newStatus().get();
            if (next.isFinished() && !job.state().isFinished()) {
                resource = keepLogOfEndedBuild(resource, job, owned, next.podName());
            }
            writeStatus(resource, job, next);
            LOG.info("job {}: {} ({})", where, next.phase().wireName(), next.reason());
        }
        for (String pod : decision.podsToDelete()) {
            deletePod(job.podNamespace(), pod);
            LOG.info("job {}: deleted pod {}", where, pod);
        }
        return Optional.empty();
    }

    /**
     * What a build pod needs, or the job's end without one.
     *
     * @param end          the job's status when no pod is to be made: its attempt failed before (invalid job, no push
     *                     secret, no pull secret), or its image is already built
     * @param dockerfile   the rendered Dockerfile, for the pod to build
     * @param recipeDigest the digest of the job's recipe, for the pod to label the image with
     */
    private record Prepared(Optional<JobState> end, String dockerfile, String recipeDigest) {

        static Prepared ending(JobState end) {
            return new Prepared(Optional.of(end), "", "");
        }
    }

    /**
     * Renders the Dockerfile and ensures the push secret. The job is its owner's plan, validated when planned ({@link
     * BuildTrust}: a hand-made job with invalid packages is refused or cancelled before this, as {@code
     * TrustBoundariesIT} checks); should the renderer's validation refuse it all the same, the job fails with {@link
     * BuildReason#INVALID_SPEC} rather than being retried without end. On a job's first attempt, a
     * registry that already holds its image, built from the same recipe, ends it {@link BuildReason#ALREADY_BUILT}.
     */
    private Prepared prepareBuild(ObservedJob observed, ImageSpecJob job, BuildPlacement placement)
            throws ApiException {
        String dockerfile;
        try {
            dockerfile = renderer.render(ImageSpecValidator.validate(job.baseImage(), job.packages()));
        } catch (InvalidImageSpecException e) {
            return Prepared.ending(
                    failed(observed, BuildReason.INVALID_SPEC, e.getMessage().replace('\n', ' ')));
        }
        PushSecret pushSecret = ensurePushSecret(job, placement.namespace());
        if (pushSecret.missing().isPresent()) {
            return Prepared.ending(failed(
                    observed,
                    BuildReason.PUSH_SECRET_MISSING,
                    pushSecret.missing().get()));
        }
        String recipe = RecipeDigest.of(job, dockerfile);
        // Not for the console's Images: its log page reads the build pod's log, and there would be no pod.
        if (skipExisting && job.origin() == JobOrigin.IMAGE_SPEC && JobDecider.isFirstAttempt(observed)) {
            Optional<String> digest = alreadyBuilt(job, pushSecret.content(), recipe);
            if (digest.isPresent()) {
                return Prepared.ending(JobDecider.alreadyBuilt(observed, digest.get(), clock));
            }
        }
        if (!placement.besideItsJob() && job.hasPullSecret()) {
            Optional<String> noPullSecret = copyPullSecret(job, placement);
            if (noPullSecret.isPresent()) {
                return Prepared.ending(failed(observed, BuildReason.PULL_FAILED, noPullSecret.get()));
            }
        }
        return new Prepared(Optional.empty(), dockerfile, recipe);
    }

    /**
     * The digest of the job's image when the registry already holds it under the job's tag, built from {@code recipe};
     * empty when it must be built: no image there, an image of another recipe or of someone else, or a registry that
     * cannot be asked (logged with the reason; the build runs).
     */
    private Optional<String> alreadyBuilt(ImageSpecJob job, byte[] pushCredential, String recipe) {
        String where = job.namespace() + "/" + job.name();
        String image = job.pushedImage();
        BuiltImages.Lookup lookup;
        try {
            lookup = builtImages.lookup(image, recipe, pushCredential);
        } catch (RuntimeException e) {
            lookup = new BuiltImages.Lookup.Unknown(e.getClass().getSimpleName());
        }
        if (lookup instanceof BuiltImages.Lookup.BuiltFromRecipe built) {
            LOG.info("job {}: {}@{} is already built from this recipe; not built again", where, image, built.digest());
            return Optional.of(built.digest());
        }
        if (lookup instanceof BuiltImages.Lookup.NotFromRecipe other) {
            LOG.info("job {}: the registry holds {}, but {}; it is built again", where, image, other.why());
        } else if (lookup instanceof BuiltImages.Lookup.Unknown unknown) {
            LOG.warn(
                    "job {}: cannot ask the registry whether {} is already built ({}); it is built",
                    where,
                    image,
                    unknown.why());
        } else {
            LOG.debug("job {}: {} is not in the registry yet", where, image);
        }
        return Optional.empty();
    }

    /**
     * What the job's owner asks for now: the ImageSpec or Image its controller reference names, looked up in the
     * job's own namespace and checked by uid.
     */
    private OwnerPlan ownerPlan(ImageSpecJobResource resource, ImageSpecJob job) {
        V1ObjectMeta meta = resource.getMetadata();
        String kind = job.origin().ownerKind();
        Optional<V1OwnerReference> ref = ResourceMapping.controllerRef(meta, kind);
        if (ref.isEmpty()) {
            return new OwnerPlan.Missing("it has no " + kind + " owner");
        }
        String namespace = meta.getNamespace();
        String key = namespace + "/" + ref.get().getName();
        String missing = "no " + kind + " " + ref.get().getName() + " with uid "
                + ref.get().getUid() + " in namespace " + namespace;
        Optional<RegistryTarget> target = registry.target();
        try {
            if (job.origin() == JobOrigin.IMAGE_SPEC) {
                ImageSpecResource spec = informers.specs().getIndexer().getByKey(key);
                if (spec == null
                        || !ref.get().getUid().equals(spec.getMetadata().getUid())) {
                    return new OwnerPlan.Missing(missing);
                }
                return target.<OwnerPlan>map(
                                t -> new OwnerPlan.Plans(JobPlanner.plan(ResourceMapping.toDomain(spec), t)))
                        .orElseGet(OwnerPlan.NothingNow::new);
            }
            ImageResource image = informers.images() == null
                    ? null
                    : informers.images().getIndexer().getByKey(key);
            if (image == null || !ref.get().getUid().equals(image.getMetadata().getUid())) {
                return new OwnerPlan.Missing(
                        informers.images() == null ? missing + " (the cluster serves no Images)" : missing);
            }
            ObservedImage observed = ResourceMapping.observe(image);
            if (!observed.isCustomBuild() || observed.cancel() || target.isEmpty()) {
                return new OwnerPlan.NothingNow();
            }
            return new OwnerPlan.Plans(JobPlanner.planForImage(observed.imageSpec(), target.get(), job.updateTime()));
        } catch (InvalidImageSpecException invalid) {
            return new OwnerPlan.NothingNow();
        }
    }

    /**
     * The job with the push target, push secret and pull secret that it is built with: when they are not what it says
     * (written by hand, or the settings changed), its spec is set to them first, so that its status and its spec's
     * tell the image that is really pushed.
     */
    private ImageSpecJobResource alignedWith(ImageSpecJobResource resource, ImageSpecJob build) throws ApiException {
        ImageSpecJob stored = ResourceMapping.toDomain(resource);
        if (stored.targetImage().equals(build.targetImage())
                && stored.repoPrefix().equals(build.repoPrefix())
                && stored.pushSecret().equals(build.pushSecret())
                && stored.pullSecret().equals(build.pullSecret())) {
            return resource;
        }
        JsonObject spec = new JsonObject();
        spec.addProperty("targetImage", build.targetImage());
        spec.addProperty("repoPrefix", build.repoPrefix());
        spec.addProperty("pushSecret", build.pushSecret());
        spec.add(
                "pullSecret", build.pullSecret().isEmpty() ? JsonNull.INSTANCE : new JsonPrimitive(build.pullSecret()));
        JsonObject metadata = new JsonObject();
        metadata.addProperty("resourceVersion", resource.getMetadata().getResourceVersion());
        JsonObject body = new JsonObject();
        body.add("metadata", metadata);
        body.add("spec", spec);
        KubernetesApiResponse<ImageSpecJobResource> patched = jobApi.patch(
                resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                new V1Patch(body.toString()));
        patched.throwsApiException();
        LOG.info(
                "job {}/{}: push target, push secret and pull secret set to what its owner and the settings give"
                        + " ({})",
                resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(),
                build.pushedImage());
        return patched.getObject();
    }

    /** The job's attempt, failed before its pod was made. */
    private JobState failed(ObservedJob observed, BuildReason reason, String message) {
        var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Condition condition =
                Condition.of(Condition.SUCCEEDED, ConditionStatus.FALSE, reason, message, now, observed.generation());
        return new JobState(JobPhase.FAILED, observed.desiredPodName(), null, now, condition, observed.generation());
    }

    /**
     * Creates the push secret, or brings a push secret this controller made (labelled {@code app:
     * primehub-custom-image}) in step with the registry settings. A secret of that name that someone else made, such
     * as the one PrimeHub's Helm chart makes from its {@code customImage.registry*} values, is used as it is and never
     * overwritten. Without a registry credential the push secret is never written: it must exist.
     *
     * @return the content the build pushes with, or why it cannot push: the push secret it needs is missing and is
     *         not the controller's to make
     */
    private PushSecret ensurePushSecret(ImageSpecJob job, String namespace) throws ApiException {
        if (registry.target().isEmpty()) {
            LOG.warn(
                    "job {}/{}: no registry is configured; its push secret {} is left as it is",
                    job.namespace(),
                    job.name(),
                    job.pushSecret());
            return new PushSecret(Optional.empty(), null);
        }
        if (!registry.managesPushSecret()) {
            try {
                return new PushSecret(
                        Optional.empty(),
                        PushSecretFactory.content(core.readNamespacedSecret(job.pushSecret(), namespace)
                                .execute()));
            } catch (ApiException e) {
                if (!ApiErrors.isNotFound(e)) {
                    throw e;
                }
                return new PushSecret(
                        Optional.of("the push secret " + job.pushSecret() + " is not in namespace "
                                + namespace
                                + ", and no registry credential is configured for the controller to write it;"
                                + " create it (kubectl create secret docker-registry), or configure the registry credential,"
                                + " then rebuild"),
                        null);
            }
        }
        byte[] content = registry.dockerConfigJson();
        Ensure.Ensured<V1Secret> secret = Ensure.ensure(
                secrets(namespace, job.pushSecret()),
                PushSecretFactory.secret(namespace, job.pushSecret(), content),
                Ensure.Expect.PRESENT,
                PushSecretFactory::isMadeByThisController,
                (existing, desired) -> PushSecretFactory.matches(existing, content));
        switch (secret.outcome()) {
            case NOT_OURS -> {
                LOG.debug(
                        "namespace {}: push secret {} was made by someone else; used as it is",
                        namespace,
                        job.pushSecret());
                return new PushSecret(Optional.empty(), PushSecretFactory.content(secret.object()));
            }
            case REPLACED ->
                LOG.info(
                        "namespace {}: push secret {} updated to the current registry settings",
                        namespace,
                        job.pushSecret());
            case CREATED, UNCHANGED -> {
                // as the settings say
            }
        }
        return new PushSecret(Optional.empty(), content);
    }

    /** The Secret {@code name} in {@code namespace}, for {@link Ensure}. */
    private Ensure.Api<V1Secret> secrets(String namespace, String name) {
        return new Ensure.Api<>(
                () -> core.readNamespacedSecret(name, namespace).execute(),
                secret -> core.createNamespacedSecret(namespace, secret).execute(),
                secret -> core.replaceNamespacedSecret(name, namespace, secret).execute());
    }

    /**
     * The push secret as the build will find it.
     *
     * @param missing why the build cannot push, when it cannot
     * @param content its docker config JSON, null when unknown; never logged
     */
    @SuppressWarnings("ArrayRecordComponent") // bytes for BuiltImages.lookup; no PushSecret is compared or shown
    private record PushSecret(Optional<String> missing, byte[] content) {}

    /**
     * Copies the spec's pull secret from the job's namespace into the build namespace, labelled with the job, for the
     * build's lifetime.
     *
     * @return why it cannot: the pull secret is not in the job's namespace
     */
    private Optional<String> copyPullSecret(ImageSpecJob job, BuildPlacement placement) throws ApiException {
        V1Secret original;
        try {
            original =
                    core.readNamespacedSecret(job.pullSecret(), job.namespace()).execute();
        } catch (ApiException e) {
            if (ApiErrors.isNotFound(e)) {
                return Optional.of("the pull secret " + job.pullSecret() + " is not in namespace " + job.namespace());
            }
            throw e;
        }
        V1Secret copy = new V1Secret()
                .metadata(new V1ObjectMeta()
                        .name(placement.pullSecret())
                        .namespace(placement.namespace())
                        .labels(new HashMap<>(placement.labels())))
                .type(original.getType())
                .data(original.getData());
        // Usually a new build, so a new copy: created first, compared only when one is there.
        Ensure.ensure(
                secrets(placement.namespace(), placement.pullSecret()),
                copy,
                Ensure.Expect.ABSENT,
                existing -> true,
                ImageSpecJobReconciler::sameSecret);
        return Optional.empty();
    }

    /** Same type, labels and data (by the bytes of each value). */
    static boolean sameSecret(V1Secret existing, V1Secret desired) {
        Map<String, byte[]> have = existing.getData() == null ? Map.of() : existing.getData();
        Map<String, byte[]> want = desired.getData() == null ? Map.of() : desired.getData();
        return Objects.equals(existing.getType(), desired.getType())
                && Objects.equals(
                        existing.getMetadata().getLabels(),
                        desired.getMetadata().getLabels())
                && have.keySet().equals(want.keySet())
                && want.entrySet().stream()
                        .allMatch(entry -> Arrays.equals(have.get(entry.getKey()), entry.getValue()));
    }

    /**
     * Removes what a deleted job left in the build namespace: its pods (found by their labels), the copy of its pull
     * secret and the Dockerfile ConfigMap that versions before the shared build script made for each build (by their
     * names; deleting one that is not there costs a request that answers 404).
     */
    private void removeBuildObjects(Request request) throws ApiException {
        String base = ObjectNames.sharedName(request.getNamespace(), request.getName());
        for (V1Pod pod : pods.getIndexer().list()) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            if (labels != null
                    && request.getNamespace().equals(labels.get(BuildPlacement.JOB_NAMESPACE_LABEL))
                    && request.getName().equals(labels.get(BuildPodFactory.JOB_NAME_LABEL))
                    && buildNamespace.equals(pod.getMetadata().getNamespace())) {
                deletePod(buildNamespace, pod.getMetadata().getName());
            }
        }
        deleteConfigMap(buildNamespace, BuildPodNames.earlierConfigMapName(base));
        deleteSecret(buildNamespace, BuildPlacement.pullSecretCopyName(base));
    }

    private void deleteSecret(String namespace, String name) throws ApiException {
        ApiErrors.unlessGone(() -> core.deleteNamespacedSecret(name, namespace).execute());
    }

    private void deleteConfigMap(String namespace, String name) throws ApiException {
        ApiErrors.unlessGone(
                () -> core.deleteNamespacedConfigMap(name, namespace).execute());
    }

    /** Writes the job's status; the end of a job this controller worked on is told to the metrics, once. */
    private void writeStatus(ImageSpecJobResource resource, ObservedJob job, JobState next) throws ApiException {
        statusWriter.writeJobStatus(resource, next);
        if (next.isFinished() && !job.state().isFinished()) {
            Optional<Duration> ran = next.startTime() == null || next.finishTime() == null
                    ? Optional.empty()
                    : Optional.of(Duration.between(next.startTime(), next.finishTime()));
            metrics.buildFinished(next.phase().wireName(), next.reason(), ran);
        }
    }

    /**
     * From the change that asked for the build to now: from the job's {@code updateTime} (the console writes the time
     * of each change there), or from the job's creation when that is later (a spec changed before this controller
     * ran).
     */
    private Duration sinceChange(ImageSpecJobResource resource, ImageSpecJob job) {
        Instant created = resource.getMetadata().getCreationTimestamp() == null
                ? clock.instant()
                : resource.getMetadata().getCreationTimestamp().toInstant();
        // an updateTime that is not a time (PrimeHub's are): the job's creation stands
        Instant from = UpdateTimes.instant(job.updateTime())
                .filter(changed -> changed.isAfter(created))
                .orElse(created);
        Duration since = Duration.between(from, clock.instant());
        return since.isNegative() ? Duration.ZERO : since;
    }

    /** Creates the build pod; answers whether this call made it (false: it was there already). */
    private boolean createPod(BuildPlacement placement, ImageSpecJob job, String podName, Prepared prepared)
            throws ApiException {
        String cacheRepository = registry.target()
                .flatMap(target -> target.cacheRepository(job.namespace()))
                .orElse("");
        BuildPodFactory.Inputs inputs = new BuildPodFactory.Inputs(
                prepared.dockerfile(), buildScript.name(), prepared.recipeDigest(), cacheRepository);
        try {
            core.createNamespacedPod(
                            placement.namespace(), BuildPodFactory.pod(job, podName, placement, settings, inputs))
                    .execute();
            return true;
        } catch (ApiException e) {
            if (!ApiErrors.isConflict(e)) {
                throw e;
            }
            return false;
        }
    }

    /**
     * Keeps the end of the log of a build this controller made ({@link BuildLogTail}) in the ConfigMap
     * {@link BuildLogs#configMapName} beside the job and owned by it, so that the log outlives the pod: called when
     * the pod has ended and before the job's status says so, so that a finished job's log is kept without a write
     * more to say it is. A log that cannot be read (the pod went meanwhile) is not kept, and the job's annotation
     * {@link BuildLogs#LOST_ANNOTATION} names the pod, which then stays; the status is written either way.
     *
     * @return the job as the API server has it after this (a new resourceVersion when it was annotated)
     */
    private ImageSpecJobResource keepLogOfEndedBuild(
            ImageSpecJobResource resource, ObservedJob job, List<ObservedPod> owned, String podName)
            throws ApiException {
        if (!job.managed()
                || podName.isEmpty()
                || owned.stream().noneMatch(pod -> pod.name().equals(podName) && pod.termination() != null)) {
            return resource;
        }
        String where = job.job().namespace() + "/" + job.name();
        try {
            String log = core.readNamespacedPodLog(podName, job.podNamespace())
                    .container(ResourceMapping.BUILD_CONTAINER)
                    .tailLines(BuildLogs.TAIL_LINES)
                    .execute();
            BuildLogs.keep(core, resource, podName, BuildLogTail.of(log, registry.secretValues()));
            LOG.info(
                    "job {}: kept the end of pod {}'s log in ConfigMap {}",
                    where,
                    podName,
                    BuildLogs.configMapName(job.name()));
            return resource;
        } catch (ApiException e) {
            LOG.warn(
                    "job {}: cannot keep the log of pod {} (HTTP {}): {}; the pod stays",
                    where,
                    podName,
                    e.getCode(),
                    ApiErrors.message(e));
        }
        // Unmarked, the pod would go after its time to live with the only copy of its log: failing here, the status
        // is not written either, and the whole reconcile is tried again.
        ImageSpecJobResource patched = jobApi.patch(
                        job.job().namespace(),
                        job.name(),
                        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                        new V1Patch(BuildLogs.lostPatch(podName)))
                .throwsApiException()
                .getObject();
        // the status that follows is written with the job's new resourceVersion
        return patched == null ? resource : patched;
    }

    private static boolean logLost(ImageSpecJobResource resource, String podName) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return annotations != null && podName.equals(annotations.get(BuildLogs.LOST_ANNOTATION));
    }

    /**
     * Deletes a finished build's pod {@link ControllerOptions#podTtl} after its job finished, once its log is kept (as
     * it ended, or now); says how long until then when that is still to come. A pod whose log could not be kept (the job's
     * {@link BuildLogs#LOST_ANNOTATION} names it) stays: it is the only copy. So does the pod of a console
     * {@code Image}'s job: the console's build-log page reads the live log of {@code status.podName} and knows nothing
     * of kept logs.
     */
    private Optional<Duration> expireFinishedPod(
            ImageSpecJobResource resource, ObservedJob job, List<ObservedPod> owned) throws ApiException {
        String podName = job.state().podName();
        if (!job.managed()
                || job.job().origin() == JobOrigin.IMAGE
                || !job.state().isFinished()
                || job.state().finishTime() == null
                || logLost(resource, podName)
                || owned.stream().noneMatch(pod -> pod.name().equals(podName) && !pod.deleting())) {
            return Optional.empty();
        }
        Duration left =
                Duration.between(clock.instant(), job.state().finishTime().plus(podTtl));
        if (!left.isNegative() && !left.isZero()) {
            return Optional.of(left);
        }
        // A job that finished without this reconciler seeing its pod end (cancelled meanwhile, or finished by an
        // earlier version) may have no kept log: the pod goes only once its log is kept (a read, at this time only).
        Optional<BuildLogs.Kept> kept = BuildLogs.read(core, job.job().namespace(), job.name());
        if ((kept.isEmpty() || !kept.get().podName().equals(podName))
                && logLost(keepLogOfEndedBuild(resource, job, owned, podName), podName)) {
            return Optional.empty();
        }
        deletePod(job.podNamespace(), podName);
        LOG.info(
                "job {}/{}: deleted its finished build pod {} ({} after the job finished)",
                job.job().namespace(),
                job.name(),
                podName,
                podTtl);
        return Optional.empty();
    }

    private void deletePod(String namespace, String name) throws ApiException {
        ApiErrors.unlessGone(() -> core.deleteNamespacedPod(name, namespace).execute());
    }

    /**
     * The pod as the API server has it now. A list with a field selector, not a read by name: the controller lists and
     * watches pods anyway, and so needs no other verb on them.
     */
    private Optional<ObservedPod> livePod(String namespace, String name, String jobUid) throws ApiException {
        return core.listNamespacedPod(namespace).fieldSelector("metadata.name=" + name).execute().getItems().stream()
                .filter(pod -> isPodOf(pod, jobUid))
                .findFirst()
                .map(ResourceMapping::observe);
    }

    /** Whether the pod is the job's: owned by it, or labelled with its uid (in a build namespace). */
    private static boolean isPodOf(V1Pod pod, String jobUid) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return ResourceMapping.controllerUid(pod.getMetadata(), ImageSpecJobResource.KIND)
                .or(() -> Optional.ofNullable(labels == null ? null : labels.get(BuildPlacement.JOB_UID_LABEL)))
                .filter(jobUid::equals)
                .isPresent();
    }
}
