package io.primehub.imagebuilder.app.controller;

/** How the standalone controller ends; the Deployment restarts it on any of the non-zero ones. */
public final class ControllerExitCodes {

    /** Stopped on request (SIGTERM). */
    public static final int STOPPED = 0;
    /** The controller failed while this replica led (it could not start); the log says why. */
    public static final int CONTROLLER_FAILED = 1;
    /** This replica led and lost its Lease. It cannot lead again in this process, so it exits to be restarted. */
    public static final int LEADERSHIP_LOST = 4;

    private ControllerExitCodes() {}
}
