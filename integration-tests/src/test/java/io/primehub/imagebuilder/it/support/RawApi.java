package io.primehub.imagebuilder.it.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The API server's JSON as it is sent, read and written without client-java's models: what a test needs to see a field
 * that the models would drop, or to write one that they do not have.
 */
public final class RawApi {

    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String JSON = "application/json";

    private final ApiClient client;

    public RawApi(ApiClient client) {
        this.client = client;
    }

    public JsonObject get(String path) {
        return call(new Request.Builder().url(client.getBasePath() + path).get().build());
    }

    /** Sends {@code body} with {@code method} ({@code POST}, {@code PUT}, {@code PATCH}) and returns the answer. */
    public JsonObject send(String method, String path, String contentType, String body) {
        return call(new Request.Builder()
                .url(client.getBasePath() + path)
                .method(method, RequestBody.create(body, MediaType.parse(contentType)))
                .build());
    }

    public JsonObject delete(String path) {
        return call(
                new Request.Builder().url(client.getBasePath() + path).delete().build());
    }

    private JsonObject call(Request request) {
        try (Response response = client.getHttpClient().newCall(request).execute()) {
            String text = response.body().string();
            if (!response.isSuccessful()) {
                throw new HttpFailure(
                        response.code(),
                        request.method() + " " + request.url().encodedPath() + ": HTTP " + response.code() + " "
                                + text);
            }
            return JsonParser.parseString(text).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    request.method() + " " + request.url().encodedPath(), e);
        }
    }

    /** The API server answered with an HTTP error. */
    public static final class HttpFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        HttpFailure(int code, String message) {
            super(message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }
}
