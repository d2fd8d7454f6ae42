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
    private final Revision revision;

    /**
     * @param packages what to install: the spec's lists without their empty entries
     * @param revision the revision of the spec's fields exactly as written
     */
    BuildRecipe(ImageReference baseImage, Packages packages, Revision revision) {
        this.baseImage = Objects.requireNonNull(baseImage, "baseImage");
        this.packages = Objects.requireNonNull(packages, "packages");
        this.revision = Objects.requireNonNull(revision, "revision");
    }

    public ImageReference baseImage() {
        return baseImage;
    }

    public Packages packages() {
        return packages;
    }

    /**
     * The revision, computed from the base image and the package lists exactly as the admin wrote them (empty entries
     * included, as PrimeHub's controller hashes them), so that a job PrimeHub made keeps its name.
     */
    public Revision revision() {
        return revision;
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
