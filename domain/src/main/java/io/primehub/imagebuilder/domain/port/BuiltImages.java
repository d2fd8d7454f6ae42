package io.primehub.imagebuilder.domain.port;

import io.primehub.imagebuilder.domain.model.RecipeDigest;
import java.util.Objects;

/**
 * What the push registry already holds under a job's tag: asked before a job's first build, so that an image built
 * from the very same recipe is not built again (see {@link RecipeDigest}).
 */
public interface BuiltImages {

    /** Never finds an image: every job is built. */
    BuiltImages NONE = (image, recipeDigest, dockerConfigJson) -> new Lookup.Absent();

    /**
     * Looks up {@code image} in its registry with the push credential and reads its recipe label. Never throws for
     * what the registry answers or fails to answer: that is a {@link Lookup.Unknown}.
     *
     * @param image            the reference the build would push, with its tag: {@code registry/prefix/name:tag}
     * @param recipeDigest     the digest of the recipe the build would use
     * @param dockerConfigJson the push secret's docker config JSON, whose credential for the image's registry is used;
     *                         never logged or put in a message
     */
    Lookup lookup(String image, String recipeDigest, byte[] dockerConfigJson);

    /** The answer. Only {@link BuiltFromRecipe} lets a build be skipped. */
    sealed interface Lookup {

        /** The tag holds an image built from this recipe; {@code digest} is its manifest's {@code sha256:...}. */
        record BuiltFromRecipe(String digest) implements Lookup {
            public BuiltFromRecipe {
                Objects.requireNonNull(digest, "digest");
            }
        }

        /** The registry has no image under the tag. */
        record Absent() implements Lookup {}

        /** The tag holds an image that was not built from this recipe: {@code why} says how it differs. */
        record NotFromRecipe(String why) implements Lookup {
            public NotFromRecipe {
                Objects.requireNonNull(why, "why");
            }
        }

        /** The registry could not be asked (down, 401, 403, a timeout): {@code why}, without any secret. */
        record Unknown(String why) implements Lookup {
            public Unknown {
                Objects.requireNonNull(why, "why");
            }
        }
    }
}
