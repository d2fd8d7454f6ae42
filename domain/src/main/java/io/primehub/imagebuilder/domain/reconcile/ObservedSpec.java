package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import java.util.Objects;

/** A spec as read from the cluster: its fields (raw, unvalidated), its generation and its status. */
public record ObservedSpec(ImageSpec spec, long generation, SpecState state) {

    public ObservedSpec {
        Objects.requireNonNull(spec, "spec");
        state = Objects.requireNonNullElse(state, SpecState.NEW);
    }
}
