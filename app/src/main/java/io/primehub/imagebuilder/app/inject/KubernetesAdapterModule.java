package io.primehub.imagebuilder.app.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.multibindings.OptionalBinder;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import io.primehub.imagebuilder.k8s.ControllerMetrics;
import io.primehub.imagebuilder.k8s.TolerantJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * The default connection to Kubernetes (in-cluster service account, else {@code KUBECONFIG}, else
 * {@code ~/.kube/config}), the default clock, each made on first use, and no metrics.
 */
public final class KubernetesAdapterModule extends AbstractModule {

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), Key.get(ApiClient.class, ForImageBuilder.class))
                .setDefault()
                .toProvider(new Memoized<>(KubernetesAdapterModule::defaultApiClient));
        OptionalBinder.newOptionalBinder(binder(), Key.get(Clock.class, ForImageBuilder.class))
                .setDefault()
                .toInstance(Clock.systemUTC());
        // The standalone controller binds its Prometheus metrics here; an embedder may bind its own.
        OptionalBinder.newOptionalBinder(binder(), Key.get(ControllerMetrics.class, ForImageBuilder.class))
                .setDefault()
                .toInstance(ControllerMetrics.NONE);
    }

    static ApiClient defaultApiClient() {
        try {
            // Keeps the client's read timeout: the controller derives its own watch client without one.
            return UserAgent.install(TolerantJson.install(Config.defaultClient()));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the Kubernetes client configuration (KUBECONFIG or the"
                            + " in-cluster service account): " + e.getMessage(),
                    e);
        }
    }
}
