package io.primehub.imagebuilder.it.bench;

import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.app.inject.UserAgent;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import java.time.Duration;

/**
 * The bench's own clients of the cluster, with a user agent of their own, so that the audit log tells the bench's
 * requests (creates, pod statuses, watches) from the controller's.
 */
final class BenchClient {

    static final String USER_AGENT = "primehub-image-builder-bench";

    private final ApiClient client;
    private final ApiClient watchClient;

    BenchClient(TestCluster cluster) {
        this.client = withUserAgent(cluster.newApiClient(), Duration.ofSeconds(60));
        this.watchClient = withUserAgent(cluster.newApiClient(), Duration.ZERO);
    }

    /** For writes and reads. */
    ApiClient client() {
        return client;
    }

    /** For informers: no read timeout, so that a quiet watch stays open. */
    ApiClient watchClient() {
        return watchClient;
    }

    private static ApiClient withUserAgent(ApiClient client, Duration readTimeout) {
        client.setHttpClient(
                client.getHttpClient().newBuilder().readTimeout(readTimeout).build());
        return UserAgent.install(client, USER_AGENT);
    }
}
