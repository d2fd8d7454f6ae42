package io.primehub.imagebuilder.app.controller;

/** The standalone controller could not start; the message says which step failed and why. */
public class ControllerStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ControllerStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
