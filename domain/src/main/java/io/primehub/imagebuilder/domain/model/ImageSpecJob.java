package io.primehub.imagebuilder.domain.model;

import java.util.Map;
import java.util.Objects;

/**
 * One revision of an image spec, to be built once: the wire fields of PrimeHub's {@code ImageSpecJob}
 * resource plus what the controller derives from them.
 *
 * @param namespace   the namespace of the spec and of the job
 * @param name        {@code <spec name>-<revision>}, see {@link ObjectNames#jobName}
 * @param specName    the name of the owning {@code ImageSpec}
 * @param revision    the revision of the spec this job builds
 * @param baseImage   {@code spec.baseImage}
 * @param pullSecret  {@code spec.pullSecret}, empty when the base is public
 * @param packages    {@code spec.packages}
 * @param targetImage {@code spec.targetImage}: {@code <spec name>:<revision>}
 * @param repoPrefix  {@code spec.repoPrefix}: the push destination's prefix
 * @param pushSecret  {@code spec.pushSecret}: the Secret the build pod pushes with
 * @param updateTime  {@code spec.updateTime}, copied from the spec so that a rebuild request is visible
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
        String updateTime) {

    /** The value of the {@code app} label on everything the controller creates. */
    public static final String APP_LABEL_VALUE = "primehub-custom-image";
    public static final String APP_LABEL = "app";
    /** Label that names the spec a job (and its pod) belongs to. */
    public static final String SPEC_NAME_LABEL = "imagespecs.primehub.io/name";
    /** Annotation that holds the revision a job builds. */
    public static final String REVISION_ANNOTATION = "imagespecs.primehub.io/hash";
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
    }

    /** The full reference the build pushes: {@code <repo prefix>/<spec name>:<revision>}. */
    public String pushedImage() {
        return repoPrefix.isEmpty() ? targetImage : repoPrefix + "/" + targetImage;
    }

    public boolean hasPullSecret() {
        return !pullSecret.isEmpty();
    }

    /** The labels of the job, and of everything made for it. */
    public Map<String, String> labels() {
        return Map.of(APP_LABEL, APP_LABEL_VALUE, SPEC_NAME_LABEL, ObjectNames.specLabelValue(specName));
    }

    public Map<String, String> annotations() {
        return Map.of(REVISION_ANNOTATION, revision.value());
    }
}
