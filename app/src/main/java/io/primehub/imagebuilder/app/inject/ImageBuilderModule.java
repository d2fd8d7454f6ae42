package io.primehub.imagebuilder.app.inject;

import com.google.inject.AbstractModule;
import io.primehub.imagebuilder.app.config.ImageBuilderConfig;
import java.util.Objects;

/**
 * The one module an embedding service installs. It binds and does nothing else: no connection, no file read
 * and no thread until something is asked for, and the controller runs only once
 * {@link io.primehub.imagebuilder.app.embed.ControllerService#start()} is called.
 *
 * <p>The service gets {@link io.primehub.imagebuilder.app.embed.ImageBuilder} and
 * {@link io.primehub.imagebuilder.app.embed.ControllerService}. It may replace any of the
 * {@link ForImageBuilder} ports ({@code ApiClient}, {@code DockerfileRenderer}, {@code RegistryCredentials},
 * {@code Clock}, and {@code ControllerMetrics}, which records nothing by default) with
 * {@code OptionalBinder.setBinding()}. The ports are optional bindings of the embedding
 * injector itself, not of a private module: Guice refuses an {@code OptionalBinder} whose default sits in a
 * private module and whose override sits outside it.
 */
public final class ImageBuilderModule extends AbstractModule {

    private final ImageBuilderConfig config;

    public ImageBuilderModule(ImageBuilderConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        install(new KubernetesAdapterModule());
        install(new RendererModule(config.dockerfileTemplate(), config.pipBreakSystemPackages()));
        install(new RegistryAdapterModule(config.registry()));
        install(new ServicesModule(config.buildPods(), config.controller()));
    }
}
