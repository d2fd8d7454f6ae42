package io.primehub.imagebuilder.app.inject;

import com.google.inject.PrivateModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.app.embed.ControllerService;
import io.primehub.imagebuilder.app.embed.ImageBuilder;
import io.primehub.imagebuilder.app.embed.InProcessControllerService;
import io.primehub.imagebuilder.app.embed.KubernetesImageBuilder;
import io.primehub.imagebuilder.domain.port.BuiltImages;
import io.primehub.imagebuilder.domain.port.DockerfileRenderer;
import io.primehub.imagebuilder.domain.port.RegistryCredentials;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.k8s.ControllerMetrics;
import io.primehub.imagebuilder.k8s.ControllerOptions;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import java.time.Clock;
import java.util.Objects;

/**
 * The image builder's own objects, kept private: an embedding service sees only {@link ImageBuilder} and
 * {@link ControllerService}, so nothing here can collide with its bindings.
 */
final class ServicesModule extends PrivateModule {

    private final BuildPodSettings buildPods;
    private final ControllerOptions options;

    ServicesModule(BuildPodSettings buildPods, ControllerOptions options) {
        this.buildPods = Objects.requireNonNull(buildPods, "buildPods");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    protected void configure() {
        bind(BuildPodSettings.class).toInstance(buildPods);
        bind(ControllerOptions.class).toInstance(options);
        expose(ImageBuilder.class);
        expose(ControllerService.class);
    }

    // The client is asked for on the first call, so that building the injector connects to nothing.
    @Provides
    @Singleton
    ImageBuilder imageBuilder(@ForImageBuilder Provider<ApiClient> client, @ForImageBuilder Provider<Clock> clock) {
        return new KubernetesImageBuilder(
                new Memoized<>(() -> new ImageSpecOperations(client.get(), clock.get(), options.buildNamespace())));
    }

    /** A new controller for each start: a closed one cannot run again. */
    @Provides
    ImageBuilderController controller(
            @ForImageBuilder ApiClient client,
            @ForImageBuilder DockerfileRenderer renderer,
            @ForImageBuilder RegistryCredentials registry,
            @ForImageBuilder BuiltImages builtImages,
            BuildPodSettings pods,
            ControllerOptions controllerOptions,
            @ForImageBuilder Clock clock,
            @ForImageBuilder ControllerMetrics metrics) {
        return new ImageBuilderController(
                client, renderer, registry, builtImages, pods, controllerOptions, clock, metrics);
    }

    @Provides
    @Singleton
    ControllerService controllerService(Provider<ImageBuilderController> controllers) {
        return new InProcessControllerService(controllers::get);
    }
}
