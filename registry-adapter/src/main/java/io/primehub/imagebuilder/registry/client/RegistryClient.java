package io.primehub.imagebuilder.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.primehub.imagebuilder.domain.model.ImageReference;
import io.primehub.imagebuilder.registry.DockerAuth;
import io.primehub.imagebuilder.registry.RegistrySettings;
import io.primehub.imagebuilder.registry.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads from a registry's HTTP API v2 (the OCI distribution spec): manifests, blobs, image configs and tags.
 * It authenticates as Docker clients do: on a {@code 401} it answers a {@code Basic} challenge with the
 * credentials, or a {@code Bearer} one by fetching a token from the challenge's realm (with the credentials,
 * when there are any) and caching it per repository. Blob redirects to storage are followed without the
 * registry's {@code Authorization} header. Nothing secret (password, token) is logged or put in an exception.
 */
public final class RegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_ERROR_BODY = 16 * 1024;

    private static final Pattern REPOSITORY =
            Pattern.compile("[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*");
    private static final Pattern SHA256_DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private enum AuthMode {
        UNKNOWN,
        BASIC,
        BEARER
    }

    private final URI base;
    private final DockerAuth credentials;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Map<String, String> tokensByScope = new ConcurrentHashMap<>();
    private volatile AuthMode authMode = AuthMode.UNKNOWN;

    private RegistryClient(URI base, DockerAuth credentials, HttpClient http) {
        this(base, credentials, http, REQUEST_TIMEOUT);
    }

    private RegistryClient(URI base, DockerAuth credentials, HttpClient http, Duration requestTimeout) {
        this.base = Objects.requireNonNull(base, "base");
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException(
                    "the registry base URI must be http:// or https://, not " + base.getScheme());
        }
        this.credentials = credentials;
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /**
     * The same client whose every request gives up after {@code timeout} (two minutes unless
     * set): for a question that must not hold a caller up, such as a controller's.
     */
    public RegistryClient withRequestTimeout(Duration timeout) {
        return new RegistryClient(base, credentials, http, timeout);
    }

    /** A client with credentials; {@code base} is the registry's root such as {@code http://127.0.0.1:5000}. */
    public static RegistryClient create(URI base, DockerAuth credentials) {
        return new RegistryClient(base, Objects.requireNonNull(credentials, "credentials"), defaultHttpClient());
    }

    /** A client without credentials, for public repositories. */
    public static RegistryClient anonymous(URI base) {
        return new RegistryClient(base, null, defaultHttpClient());
    }

    /**
     * A client on a shared {@code http} (made by {@link #newHttpClient()}), with credentials or, when they are null,
     * without: for a caller that asks many registries, or one often, without a connection pool and a selector thread
     * for each client.
     */
    public static RegistryClient create(URI base, DockerAuth credentialsOrNull, HttpClient http) {
        return new RegistryClient(base, credentialsOrNull, http);
    }

    /** An HTTP client as this class uses it (no automatic redirects, the connect timeout), to share between clients. */
    public static HttpClient newHttpClient() {
        return defaultHttpClient();
    }

    /**
     * A client for the configured registry, with its credentials: HTTP when the endpoint is {@code http://}
     * or insecure (this client does not skip TLS verification), HTTPS otherwise.
     *
     * @throws IllegalStateException when the settings are not configured
     */
    public static RegistryClient forSettings(RegistrySettings settings) {
        if (!settings.isConfigured()) {
            throw new IllegalStateException("the custom image registry is not configured");
        }
        URI base = settings.registryEndpoint().orElseThrow().apiBase(settings.insecure());
        return create(base, new DockerAuth(settings.username(), settings.password()));
    }

    private static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The registry's root, as requests are made to it. */
    public URI base() {
        return base;
    }

    /**
     * Checks that the registry speaks API v2 and accepts the credentials ({@code GET /v2/}).
     *
     * @throws RegistryClientException when it does not
     */
    public void checkAccess() {
        HttpResponse<byte[]> response = exchange(get(uri("/v2/")), "", BodyHandlers.ofByteArray());
        expectSuccess(response, "GET /v2/");
    }

    /**
     * The manifest of {@code repository} at a tag or digest. An index (multi-platform) is returned as is;
     * its {@link Manifest#manifests()} can be fetched by digest.
     */
    public Manifest manifest(String repository, String reference) {
        checkRepository(repository);
        boolean byDigest = reference != null && reference.contains(":");
        if (byDigest ? !SHA256_DIGEST.matcher(reference).matches() : !ImageReference.isValidTag(reference)) {
            throw new IllegalArgumentException("\"" + reference + "\" is neither a tag nor a sha256 digest");
        }
        String path = "/v2/" + repository + "/manifests/" + reference;
        HttpRequest.Builder request = get(uri(path)).header("Accept", String.join(", ", Manifest.ACCEPTED));
        HttpResponse<byte[]> response = exchange(request, repository, BodyHandlers.ofByteArray());
        expectSuccess(response, "GET " + path);

        byte[] body = response.body();
        String digest = sha256(body);
        if (byDigest && !digest.equals(reference)) {
            throw new RegistryClientException(
                    "GET " + path + ": the registry served content whose digest is " + digest);
        }
        Optional<String> announced = response.headers().firstValue("Docker-Content-Digest");
        if (announced.isPresent()
                && announced.get().startsWith("sha256:")
                && !announced.get().equals(digest)) {
            throw new RegistryClientException("GET " + path + ": Docker-Content-Digest is " + announced.get()
                    + " but the content's digest is " + digest);
        }
        return parseManifest(
                path,
                body,
                digest,
                response.headers().firstValue("Content-Type").orElse(""));
    }

    /**
     * A blob's content as a stream, not yet checked against its digest (use {@link #blobBytes} for small blobs
     * that must be verified). The caller closes it.
     */
    public InputStream blob(String repository, String digest) {
        String path = blobPath(repository, digest);
        HttpResponse<InputStream> response = exchange(get(uri(path)), repository, BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            byte[] error = readErrorBody(response.body());
            throw failure(response.statusCode(), "GET " + path, error);
        }
        return response.body();
    }

    /** A blob's whole content, verified against its digest. */
    public byte[] blobBytes(String repository, String digest) {
        String path = blobPath(repository, digest);
        HttpResponse<byte[]> response = exchange(get(uri(path)), repository, BodyHandlers.ofByteArray());
        expectSuccess(response, "GET " + path);
        String actual = sha256(response.body());
        if (!actual.equals(digest)) {
            throw new RegistryClientException("GET " + path + ": the content's digest is " + actual);
        }
        return response.body();
    }

    /** The image configuration (OCI / Docker image config JSON) of an image manifest, verified by digest. */
    public JsonNode config(String repository, Manifest manifest) {
        if (manifest.isIndex()) {
            throw new IllegalArgumentException(manifest.digest() + " is an index of "
                    + manifest.manifests().size()
                    + " platform manifests, which has no config; fetch one of its manifests first");
        }
        byte[] config = blobBytes(repository, manifest.config().digest());
        try {
            return MAPPER.readTree(config);
        } catch (IOException e) {
            throw new RegistryClientException(
                    "the config " + manifest.config().digest() + " of " + repository + " is not JSON");
        }
    }

    /** The image configuration of {@code repository:tag}. */
    public JsonNode config(String repository, String tag) {
        return config(repository, manifest(repository, tag));
    }

    /** The repository's tags, every page of them. */
    public List<String> tags(String repository) {
        checkRepository(repository);
        List<String> tags = new ArrayList<>();
        URI next = uri("/v2/" + repository + "/tags/list");
        for (int page = 0; next != null; page++) {
            if (page > 1000) {
                throw new RegistryClientException("GET /v2/" + repository + "/tags/list: more than 1000 pages");
            }
            HttpResponse<byte[]> response = exchange(get(next), repository, BodyHandlers.ofByteArray());
            expectSuccess(response, "GET " + next.getRawPath());
            JsonNode list = readJson(response.body(), "the tag list of " + repository);
            list.path("tags").forEach(tag -> tags.add(tag.asText()));
            next = response.headers()
                    .firstValue("Link")
                    .map(NEXT_LINK::matcher)
                    .filter(Matcher::find)
                    .map(m -> base.resolve(m.group(1)))
                    .orElse(null);
        }
        return tags;
    }

    // --- requests and authentication

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, String repository, BodyHandler<T> handler) {
        HttpResponse<T> response = send(authorized(request.copy(), repository), handler);
        if (response.statusCode() == 401) {
            Optional<AuthChallenge> challenge = AuthChallenge.parse(
                    response.headers().firstValue("WWW-Authenticate").orElse(null));
            discard(response);
            if (challenge.isEmpty() || !authenticate(challenge.get(), repository)) {
                throw unauthorized(request, challenge);
            }
            response = send(authorized(request.copy(), repository), handler);
            if (response.statusCode() == 401) {
                discard(response);
                throw unauthorized(request, challenge);
            }
        }
        return followRedirects(request, response, handler);
    }

    /** Learns how to answer the challenge; false when it cannot be answered. */
    private boolean authenticate(AuthChallenge challenge, String repository) {
        if (challenge.isBasic()) {
            if (credentials == null || authMode == AuthMode.BASIC) {
                return false;
            }
            authMode = AuthMode.BASIC;
            return true;
        }
        if (challenge.isBearer()) {
            tokensByScope.put(scopeKey(repository), fetchToken(challenge));
            authMode = AuthMode.BEARER;
            return true;
        }
        return false;
    }

    private String fetchToken(AuthChallenge challenge) {
        String realm = challenge
                .parameter("realm")
                .orElseThrow(() -> new RegistryClientException("the registry's Bearer challenge names no realm"));
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RegistryClientException("the registry's token realm is not a URI");
        }
        if (!"https".equals(realmUri.getScheme())
                && !("http".equals(realmUri.getScheme()) && "http".equals(base.getScheme()))) {
            // Credentials go to the realm: never over plain HTTP unless the registry itself is plain HTTP.
            throw new RegistryClientException("the registry's token realm " + realmUri.getScheme() + "://"
                    + realmUri.getAuthority() + " is not HTTPS; not sending credentials to it");
        }
        StringBuilder query = new StringBuilder();
        challenge.parameter("service").ifPresent(service -> appendQuery(query, "service", service));
        challenge.parameter("scope").ifPresent(scope -> appendQuery(query, "scope", scope));
        if (credentials != null) {
            appendQuery(query, "account", credentials.username());
        }
        URI tokenUri = URI.create(realm + (query.length() == 0 ? "" : (realm.contains("?") ? "&" : "?") + query));
        HttpRequest.Builder request = get(tokenUri);
        if (credentials != null) {
            request.header("Authorization", basic(credentials));
        }
        HttpResponse<byte[]> response = send(request, BodyHandlers.ofByteArray());
        String where =
                "the token service " + tokenUri.getScheme() + "://" + tokenUri.getAuthority() + tokenUri.getRawPath();
        if (response.statusCode() / 100 != 2) {
            throw new RegistryClientException(
                    response.statusCode(),
                    List.of(),
                    where + " answered " + response.statusCode()
                            + (credentials == null ? "" : " for user " + credentials.username()));
        }
        JsonNode body = readJson(response.body(), "the answer of " + where);
        String token = body.path("token").asText(body.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new RegistryClientException(where + " answered without a token");
        }
        LOG.debug(
                "Got a registry token from {} for scope {}",
                where,
                challenge.parameter("scope").orElse("(none)"));
        return token;
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request, String repository) {
        switch (authMode) {
            case BASIC -> request.header("Authorization", basic(credentials));
            case BEARER -> {
                String token = tokensByScope.get(scopeKey(repository));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
            }
            default -> {}
        }
        return request;
    }

    private <T> HttpResponse<T> followRedirects(
            HttpRequest.Builder original, HttpResponse<T> response, BodyHandler<T> handler) {
        HttpResponse<T> current = response;
        for (int hop = 0; isRedirect(current.statusCode()); hop++) {
            Optional<String> location = current.headers().firstValue("Location");
            if (location.isEmpty() || hop == MAX_REDIRECTS) {
                discard(current);
                throw new RegistryClientException(
                        current.statusCode(),
                        List.of(),
                        describe(original) + ": "
                                + (location.isEmpty() ? "a redirect without Location" : "too many redirects"));
            }
            URI target = current.uri().resolve(location.get());
            discard(current);
            // Storage behind a redirect (a signed URL) authorizes by its URL; the registry's header is not its to see.
            current = send(get(target), handler);
        }
        return current;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, BodyHandler<T> handler) {
        HttpRequest built = request.build();
        try {
            HttpResponse<T> response = http.send(built, handler);
            LOG.debug("{} {} -> {}", built.method(), built.uri().getRawPath(), response.statusCode());
            return response;
        } catch (IOException e) {
            throw new RegistryClientException(
                    built.method() + " " + built.uri().getScheme() + "://"
                            + built.uri().getAuthority() + built.uri().getRawPath() + " failed: "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryClientException("interrupted while talking to the registry", e);
        }
    }

    private RegistryClientException unauthorized(HttpRequest.Builder request, Optional<AuthChallenge> challenge) {
        String who = credentials == null ? "without credentials" : "as user " + credentials.username();
        return new RegistryClientException(
                401,
                List.of("UNAUTHORIZED"),
                describe(request) + ": the registry refused access " + who
                        + challenge.map(c -> " (" + c.scheme() + " challenge)").orElse(""));
    }

    // --- helpers

    private HttpRequest.Builder get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout).GET();
    }

    private URI uri(String path) {
        return base.resolve(path);
    }

    private static String describe(HttpRequest.Builder request) {
        HttpRequest built = request.copy().build();
        return built.method() + " " + built.uri().getRawPath();
    }

    private static String scopeKey(String repository) {
        return repository.isEmpty() ? "" : "repository:" + repository + ":pull";
    }

    private static String basic(DockerAuth credentials) {
        Secret password = credentials.password();
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (credentials.username() + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
    }

    private static void appendQuery(StringBuilder query, String name, String value) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static void checkRepository(String repository) {
        if (repository == null || !REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("\"" + repository + "\" is not a repository path"
                    + " (lower-case components separated by '/', no registry host, no tag)");
        }
    }

    private static String blobPath(String repository, String digest) {
        checkRepository(repository);
        if (digest == null || !SHA256_DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("\"" + digest + "\" is not a sha256 digest");
        }
        return "/v2/" + repository + "/blobs/" + digest;
    }

    private static void expectSuccess(HttpResponse<byte[]> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), what, response.body());
        }
    }

    private static RegistryClientException failure(int status, String what, byte[] body) {
        List<String> codes = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        try {
            JsonNode errors = MAPPER.readTree(body).path("errors");
            errors.forEach(error -> {
                codes.add(error.path("code").asText());
                messages.add(error.path("code").asText() + " "
                        + error.path("message").asText());
            });
        } catch (IOException | RuntimeException e) {
            // Not the registry's JSON error body: the status says enough.
        }
        return new RegistryClientException(
                status, codes, what + ": " + status + (messages.isEmpty() ? "" : " " + String.join("; ", messages)));
    }

    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream stream) {
            try {
                stream.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static byte[] readErrorBody(InputStream body) {
        try (body) {
            return body.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static JsonNode readJson(byte[] body, String what) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new RegistryClientException(what + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new RegistryClientException(what + " is not JSON");
        }
    }

    private static Manifest parseManifest(String path, byte[] body, String digest, String contentType) {
        JsonNode root = readJson(body, "the manifest at " + path);
        String mediaType = root.path("mediaType").asText("");
        if (mediaType.isEmpty()) {
            mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        }
        if (root.path("schemaVersion").asInt() != 2 || !Manifest.ACCEPTED.contains(mediaType)) {
            throw new RegistryClientException("GET " + path + ": unsupported manifest (media type \"" + mediaType
                    + "\", schema version " + root.path("schemaVersion").asText("none") + ")");
        }
        List<Descriptor> layers = descriptors(root.path("layers"), path);
        List<Descriptor> manifests = descriptors(root.path("manifests"), path);
        Descriptor config = null;
        if (!Manifest.OCI_INDEX.equals(mediaType) && !Manifest.DOCKER_MANIFEST_LIST.equals(mediaType)) {
            List<Descriptor> configs = descriptors(List.of(root.path("config")), path);
            config = configs.get(0);
        }
        return new Manifest(mediaType, digest, config, layers, manifests, body);
    }

    private static List<Descriptor> descriptors(Iterable<JsonNode> nodes, String path) {
        List<Descriptor> descriptors = new ArrayList<>();
        for (JsonNode node : nodes) {
            String digest = node.path("digest").asText("");
            if (!node.isObject() || digest.isEmpty() || !node.path("size").canConvertToLong()) {
                throw new RegistryClientException(
                        "GET " + path + ": the manifest has a descriptor without digest or size");
            }
            descriptors.add(new Descriptor(
                    node.path("mediaType").asText(""), digest, node.path("size").asLong()));
        }
        return descriptors;
    }

    private static String sha256(byte[] content) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
