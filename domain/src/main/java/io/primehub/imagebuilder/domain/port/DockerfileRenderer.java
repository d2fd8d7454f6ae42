package io.primehub.imagebuilder.domain.port;

import io.primehub.imagebuilder.domain.validation.BuildRecipe;

/** Turns a validated recipe into the text of a Dockerfile. */
public interface DockerfileRenderer {

    /** The Dockerfile for {@code recipe}; the same recipe always gives the same bytes. */
    String render(BuildRecipe recipe);
}
