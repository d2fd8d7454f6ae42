package io.primehub.imagebuilder.domain.reconcile;

import java.util.Objects;

/**
 * The fields of an {@code Image} that say what notebooks run: {@code spec.url}, {@code spec.urlForGpu} and
 * {@code spec.pullSecret}. A successful build sets the first two to the pushed image and the third to the push secret,
 * as PrimeHub's controller does; the console shows an Image as ready once {@code url} is set.
 */
public record ImageUrls(String url, String urlForGpu, String pullSecret) {

    public static final ImageUrls NONE = new ImageUrls("", "", "");

    public ImageUrls {
        url = Objects.requireNonNullElse(url, "");
        urlForGpu = Objects.requireNonNullElse(urlForGpu, "");
        pullSecret = Objects.requireNonNullElse(pullSecret, "");
    }
}
