package io.primehub.imagebuilder.it.controller;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Answers the next watch requests as an API server does when a watch's resourceVersion has been compacted away:
 * alternately a watch stream whose one event is an {@code ERROR} with a 410 {@code Expired} Status, and a plain
 * HTTP 410 Gone. Either way the informer must list again and go on watching.
 */
final class WatchGoneInjector implements Interceptor {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String GONE_STATUS = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
            + "\"status\":\"Failure\",\"message\":\"too old resource version: 1 (2)\",\"reason\":\"Expired\","
            + "\"code\":410}";

    private final Set<String> armed = ConcurrentHashMap.newKeySet();
    private final List<String> injected = new CopyOnWriteArrayList<>();
    private final List<ResponseBody> openWatches = new CopyOnWriteArrayList<>();

    /** Answers the next watch of each kind whose path ends with one of {@code resources} (e.g. {@code /pods}) with 410. */
    void arm(String... resources) {
        armed.addAll(List.of(resources));
    }

    /**
     * Ends every open watch, as a restarted API server or a dropped connection would: the informers' readers get an
     * I/O error and watch again. (OkHttp's {@code Dispatcher.cancelAll()} does not reach a watch whose headers have
     * arrived, so the bodies are closed under the readers.)
     */
    void cutOpenWatches() {
        for (ResponseBody body : List.copyOf(openWatches)) {
            openWatches.remove(body);
            body.close();
        }
    }

    /** Whether every armed kind's watch has been answered. */
    boolean allAnswered() {
        return armed.isEmpty();
    }

    /** Paths of the watches answered with 410, in order. */
    List<String> injected() {
        return List.copyOf(injected);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        String path = chain.request().url().encodedPath();
        boolean watch = "true".equals(chain.request().url().queryParameter("watch"));
        String resource = path.substring(path.lastIndexOf('/'));
        if (!watch) {
            return chain.proceed(chain.request());
        }
        if (!armed.remove(resource)) {
            Response response = chain.proceed(chain.request());
            if (response.body() != null) {
                openWatches.add(response.body());
            }
            return response;
        }
        injected.add(path);
        boolean asEvent = injected.size() % 2 == 1;
        return new Response.Builder()
                .request(chain.request())
                .protocol(Protocol.HTTP_1_1)
                .code(asEvent ? 200 : 410)
                .message(asEvent ? "OK" : "Gone")
                .body(ResponseBody.create(
                        asEvent ? "{\"type\":\"ERROR\",\"object\":" + GONE_STATUS + "}\n" : GONE_STATUS, JSON))
                .build();
    }
}
