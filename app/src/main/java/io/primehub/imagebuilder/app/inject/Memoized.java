package io.primehub.imagebuilder.app.inject;

import com.google.inject.Provider;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A provider that makes its object on the first {@link #get()} and then keeps it. It stands in for
 * {@code @Singleton} on the defaults: in {@code Stage.PRODUCTION} Guice makes every singleton while it builds
 * the injector, even a default that the embedding service has overridden, and making these means reading
 * the kubeconfig or a template file.
 */
final class Memoized<T> implements Provider<T>, Supplier<T> {

    private final Supplier<? extends T> factory;
    private volatile T value;

    Memoized(Supplier<? extends T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = Objects.requireNonNull(factory.get(), "the factory made null");
                    value = current;
                }
            }
        }
        return current;
    }
}
