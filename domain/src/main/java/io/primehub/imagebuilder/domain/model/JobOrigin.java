package io.primehub.imagebuilder.domain.model;

/**
 * Which kind of resource a job builds for, and so how the job and its pods are labelled, as PrimeHub labels them:
 * an {@code ImageSpec} (the "Build Image" pages) or an {@code Image} with {@code spec.imageSpec} (the admin's custom
 * images). The build itself is the same.
 */
public enum JobOrigin {

    /** A revision of an {@code ImageSpec}: job {@code <spec>-<revision>}, one per revision. */
    IMAGE_SPEC("ImageSpec", "primehub-custom-image", "imagespecs.primehub.io/name", "imagespecs.primehub.io/hash"),
    /** The build of an {@code Image}: one job named after the Image, rebuilt in place. */
    IMAGE("Image", "primehub-image", "image.primehub.io/name", "image.primehub.io/hash");

    private final String ownerKind;
    private final String appLabelValue;
    private final String nameLabel;
    private final String revisionAnnotation;

    JobOrigin(String ownerKind, String appLabelValue, String nameLabel, String revisionAnnotation) {
        this.ownerKind = ownerKind;
        this.appLabelValue = appLabelValue;
        this.nameLabel = nameLabel;
        this.revisionAnnotation = revisionAnnotation;
    }

    /** The kind of the job's controlling owner. */
    public String ownerKind() {
        return ownerKind;
    }

    /** The value of the {@code app} label on the job and its build pod. */
    public String appLabelValue() {
        return appLabelValue;
    }

    /** The label that names the owner. */
    public String nameLabel() {
        return nameLabel;
    }

    /** The annotation that holds the revision a job builds. */
    public String revisionAnnotation() {
        return revisionAnnotation;
    }

    /** The origin whose owner kind is {@code kind}, if any. */
    public static java.util.Optional<JobOrigin> ofOwnerKind(String kind) {
        for (JobOrigin origin : values()) {
            if (origin.ownerKind.equals(kind)) {
                return java.util.Optional.of(origin);
            }
        }
        return java.util.Optional.empty();
    }
}
