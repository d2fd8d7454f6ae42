package io.primehub.imagebuilder.it.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The API server as a newer Kubernetes would answer: a plain-HTTP proxy on loopback in front of the test's real API
 * server that adds fields to the objects it returns (in gets, lists, watch streams and write responses alike). A real
 * API server prunes fields its own version does not know, so this is how a test shows what a client makes of fields
 * from a future release. Requests pass through unchanged, authenticated with the admin client's credentials.
 */
public final class FieldInjectingProxy implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "field-injecting-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final OkHttpClient upstream;
    private final String upstreamBase;
    private final Map<String, Consumer<JsonObject>> injectors;
    private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();

    private FieldInjectingProxy(ApiClient admin, Map<String, Consumer<JsonObject>> injectors) throws IOException {
        this.upstream =
                admin.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build();
        this.upstreamBase = admin.getBasePath();
        this.injectors = Map.copyOf(injectors);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    /**
     * Starts a proxy in front of the API server that {@code admin} talks to.
     *
     * @param injectors by kind ({@code Pod}, {@code Lease}, ...): what to add to each object of that kind; an item of
     *                  a list counts as its list's kind without {@code List}
     */
    public static FieldInjectingProxy start(ApiClient admin, Map<String, Consumer<JsonObject>> injectors)
            throws IOException {
        return new FieldInjectingProxy(admin, injectors);
    }

    /** A client that talks to the API server through this proxy (no credentials of its own: the proxy adds them). */
    public ApiClient client() {
        ApiClient client = new ApiClient();
        client.setBasePath("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort());
        return client;
    }

    /** How many objects of {@code kind} were returned with fields added. */
    public int injected(String kind) {
        AtomicInteger count = injected.get(kind);
        return count == null ? 0 : count.get();
    }

    /** Adds {@code futureField} to an object's {@code metadata} and to the objects at the given paths of it. */
    public static Consumer<JsonObject> futureFieldAt(String... paths) {
        return object -> {
            addTo(object.get("metadata"));
            for (String path : paths) {
                JsonElement at = object;
                for (String step : path.split("\\.", -1)) {
                    if (at == null || !at.isJsonObject()) {
                        at = null;
                        break;
                    }
                    at = at.getAsJsonObject().get(step);
                }
                if (at != null && at.isJsonArray()) {
                    at.getAsJsonArray().forEach(FieldInjectingProxy::addTo);
                } else {
                    addTo(at);
                }
            }
        };
    }

    private static void addTo(JsonElement element) {
        if (element != null && element.isJsonObject()) {
            JsonObject future = new JsonObject();
            future.addProperty("addedIn", "a future Kubernetes");
            element.getAsJsonObject().add("futureField", future);
        }
    }

    private void forward(HttpExchange exchange) {
        try {
            String target = upstreamBase + exchange.getRequestURI().toString();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            RequestBody requestBody = body.length == 0 && !requiresBody(exchange.getRequestMethod())
                    ? null
                    : RequestBody.create(body, contentType == null ? null : MediaType.parse(contentType));
            Request.Builder request =
                    new Request.Builder().url(target).method(exchange.getRequestMethod(), requestBody);
            for (String header : List.of("Accept", "Content-Type")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            try (Response response = upstream.newCall(request.build()).execute()) {
                ResponseBody responseBody = response.body();
                String type = response.header("Content-Type", "application/json");
                exchange.getResponseHeaders().set("Content-Type", type);
                boolean json = type.startsWith("application/json");
                if (isWatch(exchange) && response.isSuccessful()) {
                    exchange.sendResponseHeaders(response.code(), 0);
                    streamWatch(responseBody.source(), exchange.getResponseBody());
                } else {
                    byte[] bytes = responseBody.bytes();
                    if (json && bytes.length > 0) {
                        bytes = transform(new String(bytes, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8);
                    }
                    exchange.sendResponseHeaders(response.code(), bytes.length == 0 ? -1 : bytes.length);
                    if (bytes.length > 0) {
                        exchange.getResponseBody().write(bytes);
                    }
                }
            }
        } catch (IOException clientOrServerWentAway) {
            // A watch that the client closed, or a proxy that is closing: nothing to answer.
        } finally {
            exchange.close();
        }
    }

    private void streamWatch(BufferedSource source, OutputStream out) throws IOException {
        String line;
        while ((line = source.readUtf8Line()) != null) {
            if (!line.isBlank()) {
                out.write((transform(line) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private String transform(String text) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(text);
        } catch (RuntimeException notJson) {
            return text;
        }
        if (parsed.isJsonObject()) {
            JsonObject object = parsed.getAsJsonObject();
            if (object.has("type") && object.has("object") && !object.has("kind")) {
                injectInto(object.get("object"));
            } else {
                injectInto(object);
            }
        }
        return parsed.toString();
    }

    private void injectInto(JsonElement element) {
        if (!element.isJsonObject()) {
            return;
        }
        JsonObject object = element.getAsJsonObject();
        String kind = object.has("kind") ? object.get("kind").getAsString() : "";
        if (kind.endsWith("List") && object.has("items") && object.get("items").isJsonArray()) {
            JsonArray items = object.getAsJsonArray("items");
            String itemKind = kind.substring(0, kind.length() - "List".length());
            items.forEach(item -> inject(itemKind, item));
        } else {
            inject(kind, object);
        }
    }

    private void inject(String kind, JsonElement object) {
        Consumer<JsonObject> injector = injectors.get(kind);
        if (injector != null && object.isJsonObject()) {
            injector.accept(object.getAsJsonObject());
            injected.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static boolean isWatch(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        return query != null && (query.contains("watch=true") || query.contains("watch=1"));
    }

    private static boolean requiresBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    @Override
    public void close() {
        server.stop(0);
        upstream.dispatcher().cancelAll();
        threads.shutdownNow();
    }
}
