package io.primehub.imagebuilder.app.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.ConfigurationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.multibindings.OptionalBinder;
import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.app.config.ImageBuilderConfig;
import io.primehub.imagebuilder.app.embed.ControllerService;
import io.primehub.imagebuilder.app.embed.ImageBuilder;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.port.DockerfileRenderer;
import io.primehub.imagebuilder.domain.port.RegistryCredentials;
import io.primehub.imagebuilder.domain.validation.BuildRecipe;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import io.primehub.imagebuilder.registry.SettingsRegistryCredentials;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageBuilderModuleTest {

    private static final Key<ApiClient> API_CLIENT = Key.get(ApiClient.class, ForImageBuilder.class);
    private static final Key<RegistryCredentials> REGISTRY = Key.get(RegistryCredentials.class, ForImageBuilder.class);
    private static final Key<DockerfileRenderer> RENDERER = Key.get(DockerfileRenderer.class, ForImageBuilder.class);
    private static final Key<Clock> CLOCK = Key.get(Clock.class, ForImageBuilder.class);

    private static final ImageBuilderConfig CONFIG = ImageBuilderConfig.fromEnvironment(Map.of());

    @Test
    void buildsInProductionStageWithoutMakingAnyDefault() {
        // A template that does not exist: making the default renderer would fail, so it must not be made.
        ImageBuilderConfig withMissingTemplate = new ImageBuilderConfig(
                CONFIG.registry(),
                CONFIG.buildPods(),
                CONFIG.controller(),
                CONFIG.leaderElection(),
                CONFIG.health(),
                false,
                Optional.of(Path.of("does-not-exist.mustache")));

        Injector injector = Guice.createInjector(
                Stage.PRODUCTION,
                new ImageBuilderModule(withMissingTemplate),
                embedderOverridingTheApiClient(new ApiClient()));

        assertNotNull(injector.getInstance(ImageBuilder.class));
        assertFalse(injector.getInstance(ControllerService.class).isRunning());
    }

    @Test
    void exposesTheFacadeAndTheControllerServiceButNotTheInternals() {
        Injector injector = Guice.createInjector(Stage.TOOL, new ImageBuilderModule(CONFIG));

        assertNotNull(injector.getBinding(ImageBuilder.class));
        assertNotNull(injector.getBinding(ControllerService.class));
        assertThrows(ConfigurationException.class, () -> injector.getBinding(ImageSpecOperations.class));
    }

    @Test
    void letsAnEmbedderSupplyItsOwnApiClient() {
        ApiClient own = new ApiClient();
        Injector injector = Guice.createInjector(new ImageBuilderModule(CONFIG), embedderOverridingTheApiClient(own));

        assertSame(own, injector.getInstance(API_CLIENT));
    }

    @Test
    void letsAnEmbedderSupplyItsOwnRegistryCredentialsAndClock() {
        RegistryCredentials own = new FixedCredentials();
        Clock fixed = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);
        Injector injector = Guice.createInjector(new ImageBuilderModule(CONFIG), new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), REGISTRY)
                        .setBinding()
                        .toInstance(own);
                OptionalBinder.newOptionalBinder(binder(), CLOCK).setBinding().toInstance(fixed);
            }
        });

        assertSame(own, injector.getInstance(REGISTRY));
        assertSame(fixed, injector.getInstance(CLOCK));
    }

    @Test
    void defaultsToTheConfiguredRegistryAndTheMustacheRenderer() {
        Injector injector = Guice.createInjector(new ImageBuilderModule(CONFIG));

        RegistryCredentials registry = injector.getInstance(REGISTRY);
        assertInstanceOf(SettingsRegistryCredentials.class, registry);
        assertEquals(Optional.empty(), registry.target());
        assertSame(registry, injector.getInstance(REGISTRY));
        DockerfileRenderer renderer = injector.getInstance(RENDERER);
        assertEquals("MustacheDockerfileRenderer", renderer.getClass().getSimpleName());
        assertSame(renderer, injector.getInstance(RENDERER));
    }

    @Test
    void theRendererLetsPipBreakSystemPackagesOnlyWhenConfigured() {
        ImageBuilderConfig optedIn =
                ImageBuilderConfig.fromEnvironment(Map.of("PRIMEHUB_CUSTOM_IMAGE_PIP_BREAK_SYSTEM_PACKAGES", "true"));
        BuildRecipe recipe =
                ImageSpecValidator.validate("debian:bookworm", Packages.of(List.of(), List.of("six"), List.of()));

        String on = Guice.createInjector(new ImageBuilderModule(optedIn))
                .getInstance(RENDERER)
                .render(recipe);
        String off = Guice.createInjector(new ImageBuilderModule(CONFIG))
                .getInstance(RENDERER)
                .render(recipe);

        assertTrue(on.contains("RUN PIP_BREAK_SYSTEM_PACKAGES=1 pip install --no-cache-dir 'six'"), on);
        assertFalse(off.contains("PIP_BREAK_SYSTEM_PACKAGES"), off);
    }

    @Test
    void leavesTheEmbeddersOwnUnqualifiedBindingsAlone() {
        Clock servicesClock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        Injector injector = Guice.createInjector(new ImageBuilderModule(CONFIG), new AbstractModule() {
            @Override
            protected void configure() {
                bind(Clock.class).toInstance(servicesClock);
                bind(ApiClient.class).toInstance(new ApiClient());
            }
        });

        assertSame(servicesClock, injector.getInstance(Clock.class));
        assertEquals(Clock.systemUTC(), injector.getInstance(CLOCK));
    }

    private static Module embedderOverridingTheApiClient(ApiClient client) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), API_CLIENT)
                        .setBinding()
                        .toInstance(client);
            }
        };
    }

    private static final class FixedCredentials implements RegistryCredentials {
        @Override
        public Optional<RegistryTarget> target() {
            return Optional.of(new RegistryTarget("registry.example.test/team", "push-secret"));
        }

        @Override
        public Optional<String> notConfiguredReason() {
            return Optional.empty();
        }

        @Override
        public boolean managesPushSecret() {
            return true;
        }

        @Override
        public byte[] dockerConfigJson() {
            return "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
