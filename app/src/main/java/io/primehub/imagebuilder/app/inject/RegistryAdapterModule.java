package io.primehub.imagebuilder.app.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.multibindings.OptionalBinder;
import io.primehub.imagebuilder.domain.port.BuiltImages;
import io.primehub.imagebuilder.domain.port.RegistryCredentials;
import io.primehub.imagebuilder.registry.RegistryBuiltImages;
import io.primehub.imagebuilder.registry.RegistrySettings;
import io.primehub.imagebuilder.registry.SettingsRegistryCredentials;
import java.util.Objects;

/**
 * The default registry credentials, those of the configured registry settings, and the default answer to whether an
 * image is already built: the registry's, asked through its HTTP API.
 */
public final class RegistryAdapterModule extends AbstractModule {

    private final RegistrySettings settings;

    public RegistryAdapterModule(RegistrySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), Key.get(RegistryCredentials.class, ForImageBuilder.class))
                .setDefault()
                .toProvider(new Memoized<>(() -> new SettingsRegistryCredentials(settings)));
        OptionalBinder.newOptionalBinder(binder(), Key.get(BuiltImages.class, ForImageBuilder.class))
                .setDefault()
                .toProvider(new Memoized<>(() -> new RegistryBuiltImages(settings)));
    }
}
