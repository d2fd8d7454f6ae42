package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import java.util.Objects;

/**
 * An {@code Image} as read from the cluster: PrimeHub's console declares a custom image there, in
 * {@code spec.imageSpec}.
 *
 * @param imageSpec {@code spec.imageSpec} (raw, unvalidated), named and placed as the Image
 * @param cancel    {@code spec.imageSpec.cancel}: stop the build
 * @param state     {@code status.jobCondition} (and the conditions, where the schema keeps them)
 * @param urls      what the Image offers to notebooks: {@code spec.url}, {@code spec.urlForGpu}, {@code spec.pullSecret}
 */
public record ObservedImage(ImageSpec imageSpec, boolean cancel, SpecState state, ImageUrls urls) {

    public ObservedImage {
        Objects.requireNonNull(imageSpec, "imageSpec");
        state = Objects.requireNonNullElse(state, SpecState.NEW);
        urls = Objects.requireNonNullElse(urls, ImageUrls.NONE);
    }

    /** Whether the Image asks for a build: PrimeHub's controller builds an Image whose base image is set. */
    public boolean isCustomBuild() {
        return !imageSpec.baseImage().isEmpty();
    }

    public String name() {
        return imageSpec.name();
    }
}
