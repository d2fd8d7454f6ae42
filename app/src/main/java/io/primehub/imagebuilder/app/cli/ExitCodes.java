package io.primehub.imagebuilder.app.cli;

/** The command line's exit statuses; scripts switch on them. */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /** Something failed that is not the input's fault (an I/O error, a failed build); the message says what. */
    public static final int FAILED = 1;
    /** The manifest or the command line is invalid; every problem is printed to standard error. */
    public static final int INVALID_INPUT = 2;
    /** The configuration (registry settings, template file) is invalid or incomplete. */
    public static final int INVALID_CONFIGURATION = 3;

    private ExitCodes() {}
}
