package io.primehub.imagebuilder.k8s;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every write a client sends into a server-side dry run ({@code dryRun=All}): the API server validates it,
 * runs admission and answers as if it had been made, and keeps nothing. Each write is logged in one line: method,
 * path and, for a create, the kind and name it would make. A body is never logged (a Secret's holds a credential).
 *
 * <p>This is what {@code controller --dry-run} runs on, so that an operator can see what a switch-over to this
 * controller would do before it happens. Reads pass unchanged; since nothing is kept, the controller decides each
 * write once per event and never sees its own writes come back.
 */
public final class DryRunWrites implements Interceptor {

    private static final Logger LOG = LoggerFactory.getLogger(DryRunWrites.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private DryRunWrites() {}

    /** Makes {@code client} send every write as a dry run; returns it. */
    public static ApiClient applyTo(ApiClient client) {
        client.setHttpClient(client.getHttpClient()
                .newBuilder()
                .addInterceptor(new DryRunWrites())
                .build());
        return client;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (READS.contains(request.method())) {
            return chain.proceed(request);
        }
        HttpUrl url =
                request.url().newBuilder().setQueryParameter("dryRun", "All").build();
        LOG.info("dry run: would {} {}{}", request.method(), request.url().encodedPath(), created(request));
        return chain.proceed(request.newBuilder().url(url).build());
    }

    /** For a create, {@code " (Kind name)"} from the body's metadata; empty otherwise or when it cannot be read. */
    private static String created(Request request) throws IOException {
        if (!"POST".equals(request.method()) || request.body() == null) {
            return "";
        }
        Buffer buffer = new Buffer();
        request.body().writeTo(buffer);
        try {
            JsonObject object = JsonParser.parseString(buffer.readUtf8()).getAsJsonObject();
            JsonElement kind = object.get("kind");
            JsonElement metadata = object.get("metadata");
            JsonElement name = metadata != null && metadata.isJsonObject()
                    ? metadata.getAsJsonObject().get("name")
                    : null;
            if (kind == null || name == null || !kind.isJsonPrimitive() || !name.isJsonPrimitive()) {
                return "";
            }
            return " (" + kind.getAsString() + " " + name.getAsString() + ")";
        } catch (RuntimeException notAnObject) {
            return "";
        }
    }
}
