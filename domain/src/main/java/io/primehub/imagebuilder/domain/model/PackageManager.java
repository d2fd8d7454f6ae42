package io.primehub.imagebuilder.domain.model;

/** The package managers an {@link ImageSpec} can list packages for, in the order their layers are built. */
public enum PackageManager {
    APT("apt"),
    CONDA("conda"),
    PIP("pip");

    private final String fieldName;

    PackageManager(String fieldName) {
        this.fieldName = fieldName;
    }

    /** The field name under {@code spec.packages}, as PrimeHub's resources spell it. */
    public String fieldName() {
        return fieldName;
    }
}
