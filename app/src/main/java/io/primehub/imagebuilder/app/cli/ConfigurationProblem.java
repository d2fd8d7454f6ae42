package io.primehub.imagebuilder.app.cli;

/** The configuration a command needs is invalid or missing; the message names the setting. */
final class ConfigurationProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConfigurationProblem(String message) {
        super(message);
    }
}
