package io.primehub.imagebuilder.k8s.resource;

import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobOrigin;
import io.primehub.imagebuilder.domain.model.JobPhase;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.model.UpdateTimes;
import io.primehub.imagebuilder.domain.reconcile.Condition;
import io.primehub.imagebuilder.domain.reconcile.ConditionStatus;
import io.primehub.imagebuilder.domain.reconcile.ImageUrls;
import io.primehub.imagebuilder.domain.reconcile.JobState;
import io.primehub.imagebuilder.domain.reconcile.ObservedImage;
import io.primehub.imagebuilder.domain.reconcile.ObservedJob;
import io.primehub.imagebuilder.domain.reconcile.ObservedPod;
import io.primehub.imagebuilder.domain.reconcile.ObservedSpec;
import io.primehub.imagebuilder.domain.reconcile.PodTermination;
import io.primehub.imagebuilder.domain.reconcile.SpecState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Translates between the resources' Java types and the domain's plain objects. */
public final class ResourceMapping {

    /** The name of the build pod's one container. */
    public static final String BUILD_CONTAINER = "build";

    private ResourceMapping() {}

    public static ImageSpec toDomain(ImageSpecResource resource) {
        ImageSpecSpec spec = Objects.requireNonNullElseGet(resource.getSpec(), ImageSpecSpec::new);
        return new ImageSpec(
                resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(),
                spec.getBaseImage(),
                spec.getPullSecret(),
                toDomain(spec.getPackages()),
                spec.getUpdateTime());
    }

    public static ObservedSpec observe(ImageSpecResource resource) {
        ImageSpecStatus status = resource.getStatus();
        SpecState state = status == null
                ? SpecState.NEW
                : new SpecState(
                        status.getPhase(),
                        status.getJobName(),
                        status.getImage(),
                        status.getImageDigest(),
                        condition(status.getConditions(), Condition.READY),
                        orZero(status.getObservedGeneration()));
        return new ObservedSpec(
                toDomain(resource), orZero(resource.getMetadata().getGeneration()), state);
    }

    public static ImageSpecJob toDomain(ImageSpecJobResource resource) {
        V1ObjectMeta meta = resource.getMetadata();
        ImageSpecJobSpec spec = Objects.requireNonNullElseGet(resource.getSpec(), ImageSpecJobSpec::new);
        Packages packages = toDomain(spec.getPackages());
        String baseImage = Objects.requireNonNullElse(spec.getBaseImage(), "");
        JobOrigin origin = originOf(meta);
        return new ImageSpecJob(
                meta.getNamespace(),
                meta.getName(),
                ownerNameOf(meta, origin),
                revisionOf(meta, origin, baseImage, packages),
                baseImage,
                spec.getPullSecret(),
                packages,
                Objects.requireNonNullElse(spec.getTargetImage(), ""),
                Objects.requireNonNullElse(spec.getRepoPrefix(), ""),
                Objects.requireNonNullElse(spec.getPushSecret(), ""),
                spec.getUpdateTime(),
                origin);
    }

    /**
     * An {@code Image} as the domain sees it: {@code spec.imageSpec}, named and placed as the Image, its cancel flag,
     * its {@code status.jobCondition} and what it offers notebooks.
     */
    public static ObservedImage observe(ImageResource resource) {
        V1ObjectMeta meta = resource.getMetadata();
        ImageCrdSpec spec = Objects.requireNonNullElseGet(resource.getSpec(), ImageCrdSpec::new);
        ImageBuildSpec build = Objects.requireNonNullElseGet(spec.getImageSpec(), ImageBuildSpec::new);
        ImageSpec imageSpec = new ImageSpec(
                meta.getNamespace(),
                meta.getName(),
                build.getBaseImage(),
                build.getPullSecret(),
                toDomain(build.getPackages()),
                build.getUpdateTime());
        ImageStatus status = resource.getStatus();
        JobConditionField job = status == null ? null : status.getJobCondition();
        SpecState state = job == null
                ? SpecState.NEW
                : new SpecState(
                        job.getPhase(),
                        job.getJobName(),
                        job.getImage(),
                        job.getImageDigest(),
                        condition(status.getConditions(), Condition.READY),
                        0);
        return new ObservedImage(
                imageSpec,
                Boolean.TRUE.equals(build.getCancel()),
                state,
                new ImageUrls(spec.getUrl(), spec.getUrlForGpu(), spec.getPullSecret()));
    }

    /**
     * Which kind a job is built for: the kind of its controlling owner ({@code ImageSpec} or {@code Image}), else its
     * {@code app} label; an {@code ImageSpec}'s job when neither says.
     */
    public static JobOrigin originOf(V1ObjectMeta meta) {
        for (JobOrigin origin : JobOrigin.values()) {
            if (controllerRef(meta, origin.ownerKind()).isPresent()) {
                return origin;
            }
        }
        Map<String, String> labels = meta.getLabels();
        String app = labels == null ? null : labels.get(ImageSpecJob.APP_LABEL);
        return JobOrigin.IMAGE.appLabelValue().equals(app) ? JobOrigin.IMAGE : JobOrigin.IMAGE_SPEC;
    }

    public static ObservedJob observe(ImageSpecJobResource resource) {
        return observe(resource, "");
    }

    /**
     * The job as read from the cluster: its spec, generation and status, and whether this controller manages its
     * build attempts.
     *
     * @param buildNamespace where build pods run ({@code ""}: beside the job)
     */
    public static ObservedJob observe(ImageSpecJobResource resource, String buildNamespace) {
        ImageSpecJobStatus status = resource.getStatus();
        JobState state = status == null
                ? JobState.NEW
                : new JobState(
                        phaseOf(status.getPhase()),
                        status.getPodName(),
                        parse(status.getStartTime()),
                        parse(status.getFinishTime()),
                        condition(status.getConditions(), Condition.SUCCEEDED),
                        orZero(status.getObservedGeneration()),
                        status.getImageDigest());
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        boolean managed = annotations != null && annotations.containsKey(ImageSpecJob.BUILD_ATTEMPT_ANNOTATION);
        return new ObservedJob(
                toDomain(resource), orZero(resource.getMetadata().getGeneration()), state, managed, buildNamespace);
    }

    /** The resource of a planned job, owned by its spec or Image, its build attempts managed by this controller. */
    public static ImageSpecJobResource toResource(
            ImageSpecJob job, io.kubernetes.client.common.KubernetesObject owner) {
        ImageSpecJobResource resource = toResource(job);
        resource.getMetadata().ownerReferences(List.of(ownerReference(owner)));
        return resource;
    }

    /**
     * The resource of a planned job as the controller creates it, but for its owner reference (which names the owner's
     * uid, known only in the cluster): what {@code plan} prints.
     */
    public static ImageSpecJobResource toResource(ImageSpecJob job) {
        V1ObjectMeta meta = new V1ObjectMeta()
                .name(job.name())
                .namespace(job.namespace().isEmpty() ? null : job.namespace())
                .labels(new HashMap<>(job.labels()))
                .annotations(annotations(job));
        // The model starts with empty lists, which the client would send as "finalizers": [] and
        // "ownerReferences": []; a planned job has no finalizer, and its owner is set by the caller that knows it.
        meta.setFinalizers(null);
        meta.setOwnerReferences(null);
        return new ImageSpecJobResource().setMetadata(meta).setSpec(toSpec(job));
    }

    /** A planned job's annotations: its revision, and its build attempt as this controller manages it. */
    public static Map<String, String> annotations(ImageSpecJob job) {
        Map<String, String> annotations = new HashMap<>(job.annotations());
        annotations.put(ImageSpecJob.BUILD_ATTEMPT_ANNOTATION, UpdateTimes.canonical(job.updateTime()));
        return annotations;
    }

    /** A planned job's {@code spec}; empty optional fields are absent (null). */
    public static ImageSpecJobSpec toSpec(ImageSpecJob job) {
        return new ImageSpecJobSpec()
                .setBaseImage(job.baseImage())
                .setPullSecret(job.pullSecret().isEmpty() ? null : job.pullSecret())
                .setPackages(toResource(job.packages()))
                .setTargetImage(job.targetImage())
                .setPushSecret(job.pushSecret())
                .setRepoPrefix(job.repoPrefix())
                .setUpdateTime(job.updateTime().isEmpty() ? null : job.updateTime());
    }

    public static V1OwnerReference ownerReference(io.kubernetes.client.common.KubernetesObject owner) {
        return new V1OwnerReference()
                .apiVersion(owner.getApiVersion())
                .kind(owner.getKind())
                .name(owner.getMetadata().getName())
                .uid(owner.getMetadata().getUid())
                .controller(true)
                .blockOwnerDeletion(true);
    }

    /** The controlling owner reference of {@code kind}, if any. */
    public static Optional<V1OwnerReference> controllerRef(V1ObjectMeta meta, String kind) {
        if (meta == null || meta.getOwnerReferences() == null) {
            return Optional.empty();
        }
        return meta.getOwnerReferences().stream()
                .filter(ref -> kind.equals(ref.getKind()) && Boolean.TRUE.equals(ref.getController()))
                .findFirst();
    }

    /** The uid of the controlling owner of {@code kind}, if any. */
    public static Optional<String> controllerUid(V1ObjectMeta meta, String kind) {
        return controllerRef(meta, kind).map(V1OwnerReference::getUid);
    }

    public static ObservedPod observe(V1Pod pod) {
        var status = pod.getStatus();
        PodTermination termination = null;
        if (status != null && status.getContainerStatuses() != null) {
            termination = status.getContainerStatuses().stream()
                    .filter(s -> BUILD_CONTAINER.equals(s.getName()))
                    .map(V1ContainerStatus::getState)
                    .filter(Objects::nonNull)
                    .map(s -> s.getTerminated())
                    .filter(Objects::nonNull)
                    .map(ResourceMapping::termination)
                    .findFirst()
                    .orElse(null);
        }
        return new ObservedPod(
                pod.getMetadata().getName(),
                status == null ? "" : status.getPhase(),
                status == null ? "" : status.getReason(),
                status == null ? "" : status.getMessage(),
                status == null ? null : instant(status.getStartTime()),
                termination,
                pod.getMetadata().getDeletionTimestamp() != null);
    }

    public static PackagesField toResource(Packages packages) {
        return new PackagesField()
                .setApt(packages.apt().isEmpty() ? null : packages.apt())
                .setPip(packages.pip().isEmpty() ? null : packages.pip())
                .setConda(packages.conda().isEmpty() ? null : packages.conda());
    }

    private static PodTermination termination(V1ContainerStateTerminated terminated) {
        return new PodTermination(
                terminated.getExitCode() == null ? -1 : terminated.getExitCode(),
                terminated.getReason(),
                terminated.getMessage(),
                instant(terminated.getFinishedAt()));
    }

    private static Packages toDomain(PackagesField packages) {
        return packages == null
                ? Packages.NONE
                : new Packages(packages.getApt(), packages.getPip(), packages.getConda());
    }

    private static String ownerNameOf(V1ObjectMeta meta, JobOrigin origin) {
        Optional<V1OwnerReference> owner = controllerRef(meta, origin.ownerKind());
        if (owner.isPresent()) {
            return owner.get().getName();
        }
        Map<String, String> labels = meta.getLabels();
        return labels == null ? "" : labels.getOrDefault(origin.nameLabel(), "");
    }

    /** The revision annotation, or the revision of the job's own fields when it has none (a job made by hand). */
    private static Revision revisionOf(V1ObjectMeta meta, JobOrigin origin, String baseImage, Packages packages) {
        String annotated =
                meta.getAnnotations() == null ? null : meta.getAnnotations().get(origin.revisionAnnotation());
        if (annotated != null) {
            try {
                return new Revision(annotated);
            } catch (IllegalArgumentException e) {
                // fall through: a hand-edited annotation does not stop the job from being reconciled
            }
        }
        return Revision.of(baseImage, packages);
    }

    private static JobPhase phaseOf(String phase) {
        try {
            return JobPhase.fromWire(phase);
        } catch (IllegalArgumentException e) {
            return JobPhase.PENDING;
        }
    }

    private static Condition condition(List<ConditionField> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream()
                .filter(c -> type.equals(c.getType()) && parse(c.getLastTransitionTime()) != null)
                .map(c -> new Condition(
                        type,
                        ConditionStatus.fromWire(c.getStatus()),
                        c.getReason(),
                        c.getMessage(),
                        parse(c.getLastTransitionTime()),
                        orZero(c.getObservedGeneration())))
                .findFirst()
                .orElse(null);
    }

    /**
     * {@code status.conditions} with {@code ours} set, as {@code meta.SetStatusCondition} sets one: every condition of
     * another type is kept as it is and where it is (another tool may have written it), the condition of our type is
     * replaced in place or added last, and its {@code lastTransitionTime} stays when its status did not change. With
     * {@code ours} null, the conditions of {@code type} are removed and the rest kept. Entries without a type are
     * dropped: the schema requires one, so the API server would refuse the list that kept them.
     */
    public static List<ConditionField> withCondition(List<ConditionField> existing, String type, Condition ours) {
        List<ConditionField> merged = new java.util.ArrayList<>();
        boolean placed = false;
        for (ConditionField field : existing == null ? List.<ConditionField>of() : existing) {
            if (field == null || field.getType() == null || field.getType().isEmpty()) {
                continue;
            }
            if (!field.getType().equals(type)) {
                merged.add(field);
            } else if (ours != null && !placed) {
                ConditionField replacement = field(ours);
                if (ours.status().wireName().equals(field.getStatus())
                        && parse(field.getLastTransitionTime()) != null) {
                    replacement.setLastTransitionTime(field.getLastTransitionTime());
                }
                merged.add(replacement);
                placed = true;
            }
        }
        if (ours != null && !placed) {
            merged.add(field(ours));
        }
        return merged;
    }

    /** A condition as {@code status.conditions} holds it. */
    public static ConditionField field(Condition condition) {
        return new ConditionField()
                .setType(condition.type())
                .setStatus(condition.status().wireName())
                .setReason(condition.reason())
                .setMessage(condition.message())
                .setLastTransitionTime(text(condition.lastTransitionTime()))
                .setObservedGeneration(condition.observedGeneration());
    }

    /** An RFC 3339 time, or null when empty or unreadable. */
    public static Instant parse(String time) {
        if (time == null || time.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    public static String text(Instant instant) {
        return instant == null ? null : java.time.format.DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
