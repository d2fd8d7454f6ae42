package io.primehub.imagebuilder.app.controller;

import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.k8s.CustomResourceDefinitions;
import java.time.Duration;

/** Creates or updates the image builder's CRDs and waits until the API server serves them. */
@FunctionalInterface
public interface CrdInstaller {

    Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    void install(ApiClient client);

    /** The CRDs shipped in the jar. */
    static CrdInstaller shipped() {
        return client -> CustomResourceDefinitions.install(client, DEFAULT_TIMEOUT);
    }
}
