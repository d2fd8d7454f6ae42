package io.primehub.imagebuilder.app.embed;

/**
 * Runs the controller inside the process, for a service that wants to build images itself rather than rely
 * on the standalone controller. Nothing runs until {@link #start()}. Run it in one replica only, or behind
 * leader election (the standalone controller does both).
 */
public interface ControllerService extends AutoCloseable {

    /** Starts informers and workers on background threads and returns at once; does nothing when running. */
    void start();

    /** Stops the controller and its threads; it can be started again. Does nothing when stopped. */
    void stop();

    boolean isRunning();

    /** Running, with its caches synced and its workers going. */
    boolean isReady();

    @Override
    default void close() {
        stop();
    }
}
