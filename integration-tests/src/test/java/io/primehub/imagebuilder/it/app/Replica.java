package io.primehub.imagebuilder.it.app;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.multibindings.OptionalBinder;
import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.app.config.ImageBuilderConfig;
import io.primehub.imagebuilder.app.controller.ControllerRuntime;
import io.primehub.imagebuilder.app.embed.ControllerService;
import io.primehub.imagebuilder.app.embed.ImageBuilder;
import io.primehub.imagebuilder.app.inject.ForImageBuilder;
import io.primehub.imagebuilder.app.inject.ImageBuilderModule;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One replica of the standalone controller inside the test JVM: the same module and runtime that
 * {@code image-builder controller} runs, with the test cluster's client given as an embedding service would
 * give it, and an exit callback that records instead of ending the JVM.
 */
final class Replica implements AutoCloseable {

    final String identity;
    final ImageBuilder imageBuilder;
    final ControllerService controller;
    final ControllerRuntime runtime;
    final List<Integer> exits = new CopyOnWriteArrayList<>();

    private Replica(String identity, ImageBuilderConfig config, ApiClient client) {
        this.identity = identity;
        Injector injector = Guice.createInjector(new ImageBuilderModule(config), new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), Key.get(ApiClient.class, ForImageBuilder.class))
                        .setBinding()
                        .toInstance(client);
            }
        });
        this.imageBuilder = injector.getInstance(ImageBuilder.class);
        this.controller = injector.getInstance(ControllerService.class);
        // The fixture has installed the CRDs already.
        this.runtime = ControllerRuntime.forConfig(
                config, client, controller, c -> {}, exits::add, java.util.Optional.empty());
    }

    static Replica start(ApiClient client, String namespace, String identity) {
        return start(client, namespace, identity, java.util.Map.of());
    }

    /** As {@link #start(ApiClient, String, String)}, with {@code overrides} over {@link AppSettings#environment}. */
    static Replica start(ApiClient client, String namespace, String identity, java.util.Map<String, String> overrides) {
        java.util.Map<String, String> environment =
                new java.util.HashMap<>(AppSettings.environment(namespace, identity));
        environment.putAll(overrides);
        ImageBuilderConfig config =
                ImageBuilderConfig.load(environment, null, null, Path.of("").toAbsolutePath());
        Replica replica = new Replica(identity, config, client);
        replica.runtime.start();
        return replica;
    }

    @Override
    public void close() {
        runtime.close();
    }

    @Override
    public String toString() {
        return identity;
    }
}
