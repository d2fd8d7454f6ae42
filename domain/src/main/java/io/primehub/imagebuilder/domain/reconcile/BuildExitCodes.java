package io.primehub.imagebuilder.domain.reconcile;

/**
 * The exit codes of the build script ({@code build-image.sh}, see the table in its header), each mapped to
 * the reason a failed job reports.
 */
public final class BuildExitCodes {

    /** Bad arguments, missing files or credentials: the script could not start its work. */
    public static final int INIT = 10;
    /** The base image could not be pulled. */
    public static final int PULL = 20;
    /** A Dockerfile step failed. */
    public static final int BUILD = 30;
    /** The image could not be pushed. */
    public static final int PUSH = 40;

    private BuildExitCodes() {}

    /** The reason of a failed build that exited with {@code exitCode}. */
    public static BuildReason reasonFor(int exitCode) {
        return switch (exitCode) {
            case INIT -> BuildReason.INIT_FAILED;
            case PULL -> BuildReason.PULL_FAILED;
            case BUILD -> BuildReason.BUILD_FAILED;
            case PUSH -> BuildReason.PUSH_FAILED;
            default -> BuildReason.POD_FAILED;
        };
    }

    /** What the step that failed was, for a status message. */
    static String stepOf(int exitCode) {
        return switch (exitCode) {
            case INIT -> "preparing the build";
            case PULL -> "pulling the base image";
            case BUILD -> "building the image";
            case PUSH -> "pushing the image";
            default -> "the build pod";
        };
    }
}
