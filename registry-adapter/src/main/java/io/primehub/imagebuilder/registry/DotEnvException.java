package io.primehub.imagebuilder.registry;

import java.nio.file.Path;

/**
 * A {@code .env} file could not be read or has a malformed line. The message names the file and the line
 * number and says what is wrong; it never repeats the line's value, which may be a password.
 */
public class DotEnvException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    DotEnvException(Path file, int line, String reason) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
    }

    DotEnvException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.line = 0;
    }

    public Path file() {
        return file;
    }

    /** The 1-based line number of the malformed line, or 0 when the whole file could not be read. */
    public int line() {
        return line;
    }
}
