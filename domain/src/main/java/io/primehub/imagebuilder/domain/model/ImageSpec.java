package io.primehub.imagebuilder.domain.model;

import java.util.Objects;

/**
 * An admin's declaration of a custom image, as read from an {@code ImageSpec} resource. It is raw input:
 * nothing here has been validated; {@link io.primehub.imagebuilder.domain.validation.ImageSpecValidator}
 * turns it into a {@link BuildRecipe} or reports every problem.
 *
 * @param namespace  the namespace of the resource (may be empty outside a cluster)
 * @param name       {@code metadata.name}
 * @param baseImage  {@code spec.baseImage}
 * @param pullSecret {@code spec.pullSecret}, empty when the base image is public
 * @param packages   {@code spec.packages}
 * @param updateTime {@code spec.updateTime}; PrimeHub's console changes it to ask for a rebuild
 */
public record ImageSpec(
        String namespace, String name, String baseImage, String pullSecret, Packages packages, String updateTime) {

    public ImageSpec {
        namespace = Objects.requireNonNullElse(namespace, "");
        name = Objects.requireNonNullElse(name, "");
        baseImage = Objects.requireNonNullElse(baseImage, "");
        pullSecret = Objects.requireNonNullElse(pullSecret, "");
        packages = Objects.requireNonNullElse(packages, Packages.NONE);
        updateTime = Objects.requireNonNullElse(updateTime, "");
    }

    public boolean hasPullSecret() {
        return !pullSecret.isEmpty();
    }

    /** The revision of what this spec builds: its base image and packages, not its update time. */
    public Revision revision() {
        return Revision.of(baseImage, packages);
    }
}
