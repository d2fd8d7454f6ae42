package io.primehub.imagebuilder.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.primehub.imagebuilder.domain.model.ImageReference;
import io.primehub.imagebuilder.domain.model.RecipeDigest;
import io.primehub.imagebuilder.domain.port.BuiltImages;
import io.primehub.imagebuilder.registry.client.Manifest;
import io.primehub.imagebuilder.registry.client.RegistryClient;
import io.primehub.imagebuilder.registry.client.RegistryClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks the push registry, through its HTTP API v2 and with the push secret's credential for it, whether a job's tag
 * already holds an image built from the job's recipe: the tag's manifest, then its image config, whose label {@link
 * RecipeDigest#LABEL} must be the recipe's digest. A registry that cannot be asked is an {@link Lookup.Unknown}, never
 * an error: the build then runs.
 *
 * <p>The registry is reached as the build pod's push reaches it: over HTTP when the configured endpoint is {@code
 * http://} or the registry is insecure, else HTTPS with TLS verified (an insecure registry with a self-signed
 * certificate cannot be asked, and its images are always built).
 */
public final class RegistryBuiltImages implements BuiltImages {

    /** How long one request may take: the question holds up a controller worker. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Optional<RegistryEndpoint> configured;
    private final boolean insecure;
    /** One HTTP client for every question: a new one per question would start a selector thread each time. */
    private final HttpClient http = RegistryClient.newHttpClient();

    public RegistryBuiltImages(RegistrySettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.configured = settings.registryEndpoint();
        this.insecure = settings.insecure();
    }

    @Override
    public Lookup lookup(String image, String recipeDigest, byte[] dockerConfigJson) {
        Optional<ImageReference> reference = ImageReference.tryParse(image);
        if (reference.isEmpty() || reference.get().tagIfAny().isEmpty()) {
            return new Lookup.Unknown("\"" + image + "\" is not an image reference with a tag");
        }
        ImageReference ref = reference.get();
        String tag = ref.tagIfAny().get();
        String domain = ref.domain().isEmpty() ? RegistryEndpoint.DOCKER_HUB_DOMAIN : ref.domain();
        String repository = ref.domain().isEmpty() && !ref.path().contains("/") ? "library/" + ref.path() : ref.path();
        RegistryClient client;
        try {
            client = client(domain, dockerConfigJson);
        } catch (IllegalArgumentException e) {
            return new Lookup.Unknown(e.getMessage());
        }
        try {
            Manifest manifest;
            try {
                manifest = client.manifest(repository, tag);
            } catch (RegistryClientException e) {
                if (e.status() == 404) {
                    return new Lookup.Absent();
                }
                throw e;
            }
            if (manifest.isIndex()) {
                return new Lookup.NotFromRecipe("it is an index of "
                        + manifest.manifests().size() + " platform images, which a build never pushes");
            }
            return verdict(client.config(repository, manifest), manifest.digest(), recipeDigest);
        } catch (RegistryClientException e) {
            return new Lookup.Unknown(e.getMessage());
        } catch (RuntimeException e) {
            return new Lookup.Unknown(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * The verdict on an image whose config is {@code config}: built from the recipe only when its label is {@code
     * recipeDigest}.
     */
    static Lookup verdict(JsonNode config, String manifestDigest, String recipeDigest) {
        JsonNode label = config.path("config").path("Labels").path(RecipeDigest.LABEL);
        if (label.isMissingNode() || label.isNull()) {
            return new Lookup.NotFromRecipe(
                    "it has no " + RecipeDigest.LABEL + " label: it was not built by this" + " controller");
        }
        if (!label.isTextual() || !label.asText().equals(recipeDigest)) {
            return new Lookup.NotFromRecipe("its " + RecipeDigest.LABEL + " label is another recipe's");
        }
        return new Lookup.BuiltFromRecipe(manifestDigest);
    }

    private RegistryClient client(String domain, byte[] dockerConfigJson) {
        RegistryEndpoint endpoint =
                configured.filter(e -> e.servesDomain(domain)).orElseGet(() -> RegistryEndpoint.parse(domain));
        URI base = endpoint.apiBase(insecure);
        Optional<DockerAuth> credential = dockerConfigJson == null || dockerConfigJson.length == 0
                ? Optional.empty()
                : DockerConfigJson.parse(dockerConfigJson).credentialsFor(endpoint.authKey());
        return RegistryClient.create(base, credential.orElse(null), http).withRequestTimeout(REQUEST_TIMEOUT);
    }
}
