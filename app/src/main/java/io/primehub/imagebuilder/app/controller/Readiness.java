package io.primehub.imagebuilder.app.controller;

/**
 * What {@code /readyz} answers.
 *
 * @param ready  200 when true, 503 otherwise
 * @param detail one line for people: {@code ready}, {@code standby}, {@code starting} ...
 */
public record Readiness(boolean ready, String detail) {

    public static Readiness ready(String detail) {
        return new Readiness(true, detail);
    }

    public static Readiness notReady(String detail) {
        return new Readiness(false, detail);
    }
}
