package io.primehub.imagebuilder.app.inject;

import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.app.config.BuildInfo;

/**
 * How this application names itself to the API server: {@code primehub-image-builder/<version>} in every request's
 * {@code User-Agent}, as Kubernetes' own components do, so that the API server's audit log and its per-client
 * figures tell this controller's requests from any other's. Set as an interceptor of the HTTP client, so that the
 * clients derived from it (the controller's watch client) carry it too.
 */
public final class UserAgent {

    public static final String PRODUCT = "primehub-image-builder";

    private UserAgent() {}

    /** {@code primehub-image-builder/<version>}, the project's version ({@link BuildInfo}). */
    public static String value() {
        return PRODUCT + "/" + BuildInfo.current().version();
    }

    /** Makes {@code client} send {@link #value()}; answers it. */
    public static ApiClient install(ApiClient client) {
        return install(client, value());
    }

    /** Makes {@code client}, and the clients made from its HTTP client, send {@code value}; answers it. */
    public static ApiClient install(ApiClient client, String value) {
        client.setUserAgent(value);
        client.setHttpClient(client.getHttpClient()
                .newBuilder()
                .addInterceptor(chain -> chain.proceed(
                        chain.request().newBuilder().header("User-Agent", value).build()))
                .build());
        return client;
    }
}
