package io.primehub.imagebuilder.app.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoizedTest {

    @Test
    void makesItsObjectOnFirstUseOnly() {
        AtomicInteger made = new AtomicInteger();
        Memoized<Object> memoized = new Memoized<>(() -> {
            made.incrementAndGet();
            return new Object();
        });

        assertEquals(0, made.get());
        Object first = memoized.get();
        assertSame(first, memoized.get());
        assertEquals(1, made.get());
    }
}
