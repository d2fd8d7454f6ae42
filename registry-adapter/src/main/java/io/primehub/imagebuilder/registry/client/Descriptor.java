package io.primehub.imagebuilder.registry.client;

import java.util.Objects;

/** A content descriptor of a manifest: what a config, layer or platform manifest is, by digest and size. */
public record Descriptor(String mediaType, String digest, long size) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
    }
}
