package io.primehub.imagebuilder.domain.model;

import java.util.List;

/**
 * The package managers an {@link ImageSpec} can list packages for. Two orders matter, each named here once:
 * {@link #FIELD_ORDER}, PrimeHub's, and {@link #LAYER_ORDER}, the Dockerfile's (also the declaration order).
 */
public enum PackageManager {
    APT("apt"),
    CONDA("conda"),
    PIP("pip");

    /**
     * The order of PrimeHub's resources: {@code spec.packages} has {@code apt}, {@code pip}, {@code conda}, and
     * PrimeHub's controller hashes a revision's lists in this order. Kept for everything that must match it: the
     * revision ({@link Revision#canonicalText}, so that the jobs PrimeHub made keep their names), and what people read
     * beside the resources (problems reported field by field, written manifests).
     */
    public static final List<PackageManager> FIELD_ORDER = List.of(APT, PIP, CONDA);

    /**
     * The order the Dockerfile installs them in, one layer each: apt first (the system's libraries, compilers and
     * tools that conda and pip builds may need), then conda (which may bring the Python that pip installs into), then
     * pip, last, into whichever Python is first on the {@code PATH}. The renderer's template follows it, and a
     * renderer test checks that it does.
     */
    public static final List<PackageManager> LAYER_ORDER = List.of(APT, CONDA, PIP);

    private final String fieldName;

    PackageManager(String fieldName) {
        this.fieldName = fieldName;
    }

    /** The field name under {@code spec.packages}, as PrimeHub's resources spell it. */
    public String fieldName() {
        return fieldName;
    }
}
