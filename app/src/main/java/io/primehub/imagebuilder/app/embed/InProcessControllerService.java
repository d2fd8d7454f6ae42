package io.primehub.imagebuilder.app.embed;

import io.primehub.imagebuilder.k8s.ImageBuilderController;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a fresh {@link ImageBuilderController} on each start, since a closed one cannot run again. */
public final class InProcessControllerService implements ControllerService {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessControllerService.class);

    private final Supplier<ImageBuilderController> controllers;
    // Volatile so that a readiness probe never waits behind a slow stop.
    private volatile ImageBuilderController running;

    public InProcessControllerService(Supplier<ImageBuilderController> controllers) {
        this.controllers = Objects.requireNonNull(controllers, "controllers");
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        ImageBuilderController controller = controllers.get();
        try {
            controller.start();
        } catch (RuntimeException e) {
            controller.close();
            throw e;
        }
        running = controller;
        LOG.info("Image builder controller started");
    }

    @Override
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            running.close();
        } finally {
            running = null;
        }
        LOG.info("Image builder controller stopped");
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    @Override
    public boolean isReady() {
        ImageBuilderController current = running;
        return current != null && current.isReady();
    }
}
