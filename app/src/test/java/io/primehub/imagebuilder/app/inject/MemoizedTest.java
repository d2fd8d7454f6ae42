package io.primehub.imagebuilder.app.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoizedTest {

    private static final int THREADS = 8;

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

    /**
     * The risk is two injections at once (an embedding service's threads, the controller's workers): all get one
     * object, made once. The factory is slow, so that an unguarded check-then-make would let every thread in.
     */
    @Test
    void threadsThatAskAtOnceGetOneObjectMadeOnce() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Memoized<Object> memoized = new Memoized<>(() -> {
            made.incrementAndGet();
            sleep(100);
            return new Object();
        });
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Object>> got = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                got.add(threads.submit(() -> {
                    start.await();
                    return memoized.get();
                }));
            }
            start.countDown();
            Object first = got.get(0).get(10, TimeUnit.SECONDS);
            for (Future<Object> each : got) {
                assertSame(first, each.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, made.get(), "the factory ran once");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFactoryThatMakesNullIsAnErrorNotANullInjected() {
        Memoized<Object> memoized = new Memoized<>(() -> null);

        assertEquals(
                "the factory made null",
                assertThrows(NullPointerException.class, memoized::get).getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
