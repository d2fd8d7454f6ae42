package io.primehub.imagebuilder.registry.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry on a loopback port speaking just enough of the v2 API for the client's tests: manifests, blobs
 * (served through a redirect to a "storage" path, as registries on object storage do), tag lists in pages, and
 * either Basic authentication or the Bearer token flow with its own token endpoint.
 */
final class FakeRegistry implements AutoCloseable {

    enum Auth {
        BASIC,
        BEARER
    }

    static final String USER = "builder";
    static final String PASSWORD = "Pa55-w0rd:with-colon";

    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64})");
    private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");

    private final HttpServer server;
    private final Auth auth;
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    final List<String> tokenQueries = new CopyOnWriteArrayList<>();
    final List<String> storageAuthorizations = new CopyOnWriteArrayList<>();
    volatile String wrongDigestHeader;
    volatile boolean corruptBlobs;

    FakeRegistry(Auth auth) {
        this.auth = auth;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    /** Every token handed out, to check none leaks. */
    List<String> issuedTokens() {
        return new ArrayList<>(tokens.keySet());
    }

    String putBlob(byte[] content) {
        String digest = sha256(content);
        blobs.put(digest, content);
        return digest;
    }

    String putManifest(String repository, String tag, String mediaType, String json) {
        byte[] content = json.getBytes(StandardCharsets.UTF_8);
        String digest = sha256(content);
        for (String reference : List.of(tag, digest)) {
            manifests.put(repository + "@" + reference, content);
            manifestTypes.put(repository + "@" + reference, mediaType);
        }
        return digest;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/token")) {
                token(exchange);
                return;
            }
            if (path.startsWith("/storage/")) {
                storageAuthorizations.add(
                        String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                byte[] blob = blobs.get(path.substring("/storage/".length()));
                if (corruptBlobs) {
                    blob = "corrupted".getBytes(StandardCharsets.UTF_8);
                }
                respond(exchange, 200, "application/octet-stream", blob);
                return;
            }
            Matcher tags = TAGS.matcher(path);
            String repository = tags.matches() ? tags.group(1) : repositoryOf(path);
            if (!authorized(exchange, repository)) {
                return;
            }
            if (path.equals("/v2/")) {
                respond(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            } else if (tags.matches()) {
                tagList(exchange, tags.group(1));
            } else if (MANIFEST.matcher(path).matches()) {
                Matcher m = MANIFEST.matcher(path);
                m.matches();
                byte[] manifest = manifests.get(m.group(1) + "@" + m.group(2));
                if (manifest == null) {
                    error(exchange, 404, "MANIFEST_UNKNOWN", "manifest unknown");
                    return;
                }
                exchange.getResponseHeaders()
                        .add("Docker-Content-Digest", wrongDigestHeader != null ? wrongDigestHeader : sha256(manifest));
                respond(exchange, 200, manifestTypes.get(m.group(1) + "@" + m.group(2)), manifest);
            } else if (BLOB.matcher(path).matches()) {
                Matcher m = BLOB.matcher(path);
                m.matches();
                if (!blobs.containsKey(m.group(2))) {
                    error(exchange, 404, "BLOB_UNKNOWN", "blob unknown to registry");
                    return;
                }
                exchange.getResponseHeaders().add("Location", "/storage/" + m.group(2) + "?signature=abc");
                exchange.sendResponseHeaders(307, -1);
            } else {
                error(exchange, 404, "NAME_UNKNOWN", "repository name not known to registry");
            }
        }
    }

    private boolean authorized(HttpExchange exchange, String repository) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String scope = repository == null ? null : "repository:" + repository + ":pull";
        if (auth == Auth.BASIC) {
            if (basicMatches(header)) {
                return true;
            }
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake-registry\"");
        } else {
            if (header != null && header.startsWith("Bearer ")) {
                String grantedScope = tokens.get(header.substring(7));
                if (grantedScope != null && (scope == null || grantedScope.equals(scope))) {
                    return true;
                }
            }
            exchange.getResponseHeaders()
                    .add(
                            "WWW-Authenticate",
                            "Bearer realm=\"" + base() + "/token\"," + "service=\"fake-registry\""
                                    + (scope == null ? "" : ",scope=\"" + scope + "\""));
        }
        error(exchange, 401, "UNAUTHORIZED", "authentication required");
        return false;
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        String query = exchange.getRequestURI().getQuery();
        tokenQueries.add(query);
        if (!basicMatches(exchange.getRequestHeaders().getFirst("Authorization"))) {
            error(exchange, 401, "UNAUTHORIZED", "bad credentials");
            return;
        }
        Matcher scope = Pattern.compile("scope=([^&]+)").matcher(query == null ? "" : query);
        String token = "tok-" + tokenRequests.get() + "-" + System.nanoTime();
        tokens.put(token, scope.find() ? scope.group(1) : "");
        respond(
                exchange,
                200,
                "application/json",
                ("{\"token\":\"" + token + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8));
    }

    private void tagList(HttpExchange exchange, String repository) throws IOException {
        List<String> tags = manifests.keySet().stream()
                .filter(key -> key.startsWith(repository + "@") && !key.contains("@sha256:"))
                .map(key -> key.substring(repository.length() + 1))
                .sorted()
                .toList();
        String last = exchange.getRequestURI().getQuery() == null
                ? null
                : exchange.getRequestURI().getQuery().replaceFirst(".*last=([^&]+).*", "$1");
        List<String> remaining =
                tags.stream().filter(t -> last == null || t.compareTo(last) > 0).toList();
        List<String> page = remaining.subList(0, Math.min(2, remaining.size()));
        if (remaining.size() > 2) {
            exchange.getResponseHeaders()
                    .add("Link", "</v2/" + repository + "/tags/list?n=2&last=" + page.get(1) + ">; rel=\"next\"");
        }
        String json = "{\"name\":\"" + repository + "\",\"tags\":["
                + String.join(",", page.stream().map(t -> "\"" + t + "\"").toList()) + "]}";
        respond(exchange, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean basicMatches(String header) {
        return ("Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .equals(header);
    }

    private static String repositoryOf(String path) {
        Matcher manifest = MANIFEST.matcher(path);
        if (manifest.matches()) {
            return manifest.group(1);
        }
        Matcher blob = BLOB.matcher(path);
        return blob.matches() ? blob.group(1) : null;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        respond(
                exchange,
                status,
                "application/json",
                ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"detail\":null}]}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
