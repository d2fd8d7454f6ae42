package io.primehub.imagebuilder.domain.validation;

import io.primehub.imagebuilder.domain.model.ImageReference;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import java.util.Objects;

/**
 * What a build makes, validated: a parsed base image and package lists whose every item passed its
 * package manager's rules. Only {@link ImageSpecValidator} makes one, so whoever receives a recipe (the
 * renderer, the build pod) never re-checks it.
 */
public final class BuildRecipe {

    private final ImageReference baseImage;
    private final Packages packages;

    BuildRecipe(ImageReference baseImage, Packages packages) {
        this.baseImage = Objects.requireNonNull(baseImage, "baseImage");
        this.packages = Objects.requireNonNull(packages, "packages");
    }

    public ImageReference baseImage() {
        return baseImage;
    }

    public Packages packages() {
        return packages;
    }

    /** The revision, computed from the base image exactly as the admin wrote it. */
    public Revision revision() {
        return Revision.of(baseImage.toString(), packages);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BuildRecipe other && baseImage.equals(other.baseImage) && packages.equals(other.packages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(baseImage, packages);
    }

    @Override
    public String toString() {
        return "BuildRecipe[baseImage=" + baseImage + ", packages=" + packages + "]";
    }
}
