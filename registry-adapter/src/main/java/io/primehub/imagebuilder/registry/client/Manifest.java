package io.primehub.imagebuilder.registry.client;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An image manifest (OCI or Docker v2 schema 2) or an index of platform manifests (OCI index or Docker
 * manifest list), as a registry served it.
 *
 * @param mediaType what it is; one of the constants here
 * @param digest    {@code sha256:...} of {@link #raw()}, checked against what the registry said it is
 * @param config    the image configuration blob; null for an index
 * @param layers    the layers, base first; empty for an index
 * @param manifests the platform manifests of an index; empty for an image manifest
 * @param raw       the bytes as served, which the digest is of
 */
@SuppressWarnings("ArrayRecordComponent") // raw is copied in and out; equals, hashCode and toString are the digest's
public record Manifest(
        String mediaType,
        String digest,
        Descriptor config,
        List<Descriptor> layers,
        List<Descriptor> manifests,
        byte[] raw) {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    /** Every media type {@link RegistryClient#manifest} accepts, for the {@code Accept} header. */
    public static final List<String> ACCEPTED = List.of(OCI_MANIFEST, DOCKER_MANIFEST, OCI_INDEX, DOCKER_MANIFEST_LIST);

    private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);

    public Manifest {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        layers = List.copyOf(layers);
        manifests = List.copyOf(manifests);
        raw = raw.clone();
    }

    public boolean isIndex() {
        return INDEXES.contains(mediaType);
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest that && digest.equals(that.digest) && mediaType.equals(that.mediaType);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + mediaType + " " + digest
                + (isIndex()
                        ? ", " + manifests.size() + " manifests"
                        : ", config " + config.digest() + ", " + layers.size() + " layers")
                + "]";
    }
}
