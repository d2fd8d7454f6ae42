package io.primehub.imagebuilder.app.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.primehub.imagebuilder.k8s.ImageBuilderController;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InProcessControllerServiceTest {

    private final List<ImageBuilderController> made = new ArrayList<>();
    private final InProcessControllerService service = new InProcessControllerService(() -> {
        ImageBuilderController controller = mock(ImageBuilderController.class);
        made.add(controller);
        return controller;
    });

    @Test
    void makesNothingBeforeStart() {
        assertEquals(0, made.size());
        assertFalse(service.isRunning());
        assertFalse(service.isReady());
    }

    @Test
    void startsOneControllerHoweverOftenStartIsCalled() {
        service.start();
        service.start();

        assertEquals(1, made.size());
        verify(made.get(0)).start();
        assertTrue(service.isRunning());
    }

    @Test
    void isReadyWhenTheRunningControllerIs() {
        service.start();
        when(made.get(0).isReady()).thenReturn(true);

        assertTrue(service.isReady());
    }

    @Test
    void startsAFreshControllerAfterAStop() {
        service.start();
        service.stop();
        service.start();

        assertEquals(2, made.size());
        verify(made.get(0)).close();
        verify(made.get(1)).start();
    }

    @Test
    void closesAControllerThatFailedToStart() {
        InProcessControllerService failing = new InProcessControllerService(() -> {
            ImageBuilderController controller = mock(ImageBuilderController.class);
            doThrow(new IllegalStateException("no informers")).when(controller).start();
            made.add(controller);
            return controller;
        });

        IllegalStateException e = assertThrows(IllegalStateException.class, failing::start);

        assertEquals("no informers", e.getMessage());
        verify(made.get(0)).close();
        assertFalse(failing.isRunning());
    }

    @Test
    void closeStops() {
        service.start();
        ImageBuilderController controller = made.get(0);

        service.close();

        verify(controller).close();
        assertFalse(service.isRunning());
        assertSame(controller, made.get(0));
    }
}
