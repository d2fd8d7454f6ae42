package io.primehub.imagebuilder.app.inject;

import com.google.common.base.Suppliers;
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

    /** Guava's: made once even when threads ask at the same moment, and then read without a lock. */
    private final com.google.common.base.Supplier<T> memo;

    Memoized(Supplier<? extends T> factory) {
        Objects.requireNonNull(factory, "factory");
        this.memo = Suppliers.memoize(() -> Objects.requireNonNull(factory.get(), "the factory made null"));
    }

    @Override
    public T get() {
        return memo.get();
    }
}
