package io.primehub.imagebuilder.it.support;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;

/**
 * Records what a client asks of the API server, as RBAC names it: API group, resource (with its subresource) and
 * verb ({@code get}, {@code list}, {@code watch}, {@code create}, {@code update}, {@code patch}, {@code delete}).
 * Requests to non-resource URLs (discovery, OpenAPI) are not recorded. A create whose object names a controlling
 * owner with {@code blockOwnerDeletion} also records {@code update} of the owner's {@code finalizers}, which is what
 * the OwnerReferencesPermissionEnforcement admission plugin checks for it.
 */
public final class ApiCallRecorder implements Interceptor {

    /** One permission as an RBAC rule grants it. */
    public record Permission(String group, String resource, String verb) {
        @Override
        public String toString() {
            return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
        }
    }

    private final Set<Permission> used = ConcurrentHashMap.newKeySet();

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        record(request);
        return chain.proceed(request);
    }

    public Set<Permission> used() {
        return Set.copyOf(used);
    }

    private void record(Request request) throws IOException {
        HttpUrl url = request.url();
        java.util.List<String> segments = url.pathSegments();
        String group;
        int rest;
        if (segments.size() >= 3 && segments.get(0).equals("api")) {
            group = "";
            rest = 2;
        } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            rest = 3;
        } else {
            return;
        }
        java.util.List<String> path = segments.subList(rest, segments.size());
        if (path.size() >= 2 && path.get(0).equals("namespaces") && path.size() > 2) {
            path = path.subList(2, path.size());
        } else if (path.size() == 2 && path.get(0).equals("namespaces")) {
            path = path.subList(0, 1);
        }
        String resource = path.get(0);
        boolean named = path.size() >= 2;
        if (path.size() >= 3) {
            resource = resource + "/" + path.get(2);
        }
        String verb = switch (request.method()) {
            case "GET" -> !named ? ("true".equals(url.queryParameter("watch")) ? "watch" : "list") : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> request.method().toLowerCase(java.util.Locale.ROOT);
        };
        used.add(new Permission(group, resource, verb));
        if (verb.equals("create") && request.body() != null) {
            recordOwnerFinalizers(request);
        }
    }

    private void recordOwnerFinalizers(Request request) throws IOException {
        Buffer buffer = new Buffer();
        request.body().writeTo(buffer);
        JsonElement body;
        try {
            body = JsonParser.parseString(buffer.readUtf8());
        } catch (RuntimeException notJson) {
            return;
        }
        if (!body.isJsonObject() || !body.getAsJsonObject().has("metadata")) {
            return;
        }
        JsonObject metadata = body.getAsJsonObject().getAsJsonObject("metadata");
        if (!metadata.has("ownerReferences")) {
            return;
        }
        for (JsonElement element : metadata.getAsJsonArray("ownerReferences")) {
            JsonObject ref = element.getAsJsonObject();
            if (ref.has("blockOwnerDeletion") && ref.get("blockOwnerDeletion").getAsBoolean()) {
                String apiVersion = ref.get("apiVersion").getAsString();
                String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                String plural = ref.get("kind").getAsString().toLowerCase(java.util.Locale.ROOT) + "s";
                used.add(new Permission(group, plural + "/finalizers", "update"));
            }
        }
    }
}
