package io.primehub.imagebuilder.domain.model;

import java.util.Map;
import java.util.Objects;

/**
 * One revision of an image spec, to be built once: the wire fields of PrimeHub's {@code ImageSpecJob}
 * resource plus what the controller derives from them.
 *
 * @param namespace   the namespace of the spec and of the job
 * @param name        {@code <spec name>-<revision>} (see {@link ObjectNames#jobName}); an {@code Image}'s job is
 *                    named after the Image
 * @param specName    the name of the owning {@code ImageSpec} or {@code Image}
 * @param revision    the revision of the spec this job builds
 * @param baseImage   {@code spec.baseImage}
 * @param pullSecret  {@code spec.pullSecret}, empty when the base is public
 * @param packages    {@code spec.packages}
 * @param targetImage {@code spec.targetImage}: {@code <spec name>:<revision>}
 * @param repoPrefix  {@code spec.repoPrefix}: the push destination's prefix
 * @param pushSecret  {@code spec.pushSecret}: the Secret the build pod pushes with
 * @param updateTime  {@code spec.updateTime}, copied from the spec so that a rebuild request is visible
 * @param origin      which kind of resource owns the job, which decides its labels
 */
public record ImageSpecJob(
        String namespace,
        String name,
        String specName,
        Revision revision,
        String baseImage,
        String pullSecret,
        Packages packages,
        String targetImage,
        String repoPrefix,
        String pushSecret,
        String updateTime,
        JobOrigin origin) {

    /** The value of the {@code app} label on what the controller creates for an {@code ImageSpec}. */
    public static final String APP_LABEL_VALUE = JobOrigin.IMAGE_SPEC.appLabelValue();

    public static final String APP_LABEL = "app";
    /** Label that names the spec a job (and its pod) belongs to. */
    public static final String SPEC_NAME_LABEL = JobOrigin.IMAGE_SPEC.nameLabel();
    /** Annotation that holds the revision a job builds. */
    public static final String REVISION_ANNOTATION = JobOrigin.IMAGE_SPEC.revisionAnnotation();
    /**
     * Annotation on a job whose build attempts this controller manages: the update time (as a time) of the attempt it
     * last started or asked for. A job without it is adopted as it is (see {@code ObservedJob}).
     */
    public static final String BUILD_ATTEMPT_ANNOTATION = "imagespecs.primehub.io/build-attempt";

    public ImageSpecJob {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(specName, "specName");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(baseImage, "baseImage");
        pullSecret = Objects.requireNonNullElse(pullSecret, "");
        packages = Objects.requireNonNullElse(packages, Packages.NONE);
        Objects.requireNonNull(targetImage, "targetImage");
        Objects.requireNonNull(repoPrefix, "repoPrefix");
        Objects.requireNonNull(pushSecret, "pushSecret");
        updateTime = Objects.requireNonNullElse(updateTime, "");
        Objects.requireNonNull(origin, "origin");
    }

    /** A job of an {@code ImageSpec}'s revision. */
    public ImageSpecJob(
            String namespace,
            String name,
            String specName,
            Revision revision,
            String baseImage,
            String pullSecret,
            Packages packages,
            String targetImage,
            String repoPrefix,
            String pushSecret,
            String updateTime) {
        this(
                namespace,
                name,
                specName,
                revision,
                baseImage,
                pullSecret,
                packages,
                targetImage,
                repoPrefix,
                pushSecret,
                updateTime,
                JobOrigin.IMAGE_SPEC);
    }

    /** The same job with another update time: what a rebuild asks for. */
    public ImageSpecJob withUpdateTime(String newUpdateTime) {
        return new ImageSpecJob(
                namespace,
                name,
                specName,
                revision,
                baseImage,
                pullSecret,
                packages,
                targetImage,
                repoPrefix,
                pushSecret,
                newUpdateTime,
                origin);
    }

    /**
     * The full reference the build pushes: {@code <repo prefix>/<spec name>:<revision>}, or the target image alone
     * when there is no prefix (PrimeHub's {@code pushRepo} mode: {@code <push repo>:<job name>}).
     */
    public String pushedImage() {
        return repoPrefix.isEmpty() ? targetImage : repoPrefix + "/" + targetImage;
    }

    public boolean hasPullSecret() {
        return !pullSecret.isEmpty();
    }

    /** The labels of the job, and of everything made for it. */
    public Map<String, String> labels() {
        return Map.of(APP_LABEL, origin.appLabelValue(), origin.nameLabel(), ObjectNames.specLabelValue(specName));
    }

    public Map<String, String> annotations() {
        return Map.of(origin.revisionAnnotation(), revision.value());
    }
}
