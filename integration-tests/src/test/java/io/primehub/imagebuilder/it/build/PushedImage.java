package io.primehub.imagebuilder.it.build;

import com.fasterxml.jackson.databind.JsonNode;
import io.primehub.imagebuilder.domain.model.ImageReference;
import io.primehub.imagebuilder.registry.client.Descriptor;
import io.primehub.imagebuilder.registry.client.Manifest;
import io.primehub.imagebuilder.registry.client.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * An image as the registry holds it, read through its v2 API with the registry adapter's client: manifest, config,
 * and the paths in each layer (gzip tarballs, read as streams).
 */
final class PushedImage {

    private static final Set<String> GZIP_LAYERS =
            Set.of("application/vnd.docker.image.rootfs.diff.tar.gzip", "application/vnd.oci.image.layer.v1.tar+gzip");

    private final RegistryClient client;
    private final String repository;
    private final Manifest manifest;
    private final JsonNode config;

    private PushedImage(RegistryClient client, String repository, Manifest manifest, JsonNode config) {
        this.client = client;
        this.repository = repository;
        this.manifest = manifest;
        this.config = config;
    }

    /** Reads the manifest and config of {@code reference} ({@code host:port/path:tag}). */
    static PushedImage read(RegistryClient client, String reference) {
        ImageReference parsed = ImageReference.parse(reference);
        Manifest manifest = client.manifest(parsed.path(), parsed.tag());
        if (manifest.isIndex()) {
            throw new IllegalStateException(reference + " is an index, not one image");
        }
        return new PushedImage(client, parsed.path(), manifest, client.config(parsed.path(), manifest));
    }

    Manifest manifest() {
        return manifest;
    }

    /** {@code config.User} of the image config: who the image runs as. */
    String user() {
        return config.path("config").path("User").asText("");
    }

    /** The uncompressed layers' digests, base first. */
    List<String> diffIds() {
        List<String> ids = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    long pushedBytes() {
        return manifest.layers().stream().mapToLong(Descriptor::size).sum();
    }

    /** The layers after the first {@code count}: those a build added on top of a base of that many layers. */
    List<Descriptor> layersAfter(int count) {
        return manifest.layers().subList(count, manifest.layers().size());
    }

    /**
     * The paths in a layer, as the tarball names them without a leading {@code ./} or {@code /}; directories end
     * with {@code /}; whiteouts (deletions of lower layers' files) are kept as their {@code .wh.} entries.
     */
    List<String> paths(Descriptor layer) {
        if (!GZIP_LAYERS.contains(layer.mediaType())) {
            throw new IllegalStateException(
                    "layer " + layer.digest() + " is " + layer.mediaType() + ", not a gzip tarball");
        }
        List<String> paths = new ArrayList<>();
        try (InputStream blob = client.blob(repository, layer.digest());
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(blob))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName();
                while (name.startsWith("./") || name.startsWith("/")) {
                    name = name.substring(name.startsWith("./") ? 2 : 1);
                }
                if (!name.isEmpty()) {
                    paths.add(entry.isDirectory() && !name.endsWith("/") ? name + "/" : name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read layer " + layer.digest() + " of " + repository, e);
        }
        return paths;
    }
}
