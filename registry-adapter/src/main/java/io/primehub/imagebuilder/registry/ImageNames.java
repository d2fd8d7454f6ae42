package io.primehub.imagebuilder.registry;

import io.primehub.imagebuilder.domain.model.ImageReference;
import io.primehub.imagebuilder.domain.model.RegistryTarget;

/** Names of pushed images: {@code <repo prefix>/<image>:<tag>}, as {@link RegistryTarget#imageFor} makes them. */
public final class ImageNames {

    private ImageNames() {}

    /**
     * The reference an image is pushed as, checked against the reference grammar.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static String pushedImage(String repoPrefix, String imageName, String tag) {
        ImageReference.nameProblem(repoPrefix).ifPresent(problem -> {
            throw new IllegalArgumentException("repo prefix \"" + repoPrefix + "\" " + problem);
        });
        if (imageName == null
                || imageName.isEmpty()
                || ImageReference.nameProblem("x/" + imageName).isPresent()) {
            throw new IllegalArgumentException("image name \"" + imageName + "\" is not a repository path"
                    + " (lower-case letters, digits, '.', '_', '-' and '/')");
        }
        if (!ImageReference.isValidTag(tag)) {
            throw new IllegalArgumentException("tag \"" + tag + "\" is not a valid tag"
                    + " (letters, digits, '_', '.', '-', not starting with '.' or '-', at most 128 characters)");
        }
        String image = repoPrefix + "/" + imageName + ":" + tag;
        ImageReference.problem(image).ifPresent(problem -> {
            throw new IllegalArgumentException("image \"" + image + "\" " + problem);
        });
        return image;
    }
}
