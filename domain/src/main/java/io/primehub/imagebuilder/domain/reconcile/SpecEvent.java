package io.primehub.imagebuilder.domain.reconcile;

import java.util.Objects;

/**
 * A Kubernetes Event to record on a spec. Its message comes from statuses, which never hold a secret.
 *
 * @param warning whether it is a {@code Warning} (else {@code Normal})
 * @param reason  one CamelCase word
 * @param message for people
 */
public record SpecEvent(boolean warning, String reason, String message) {

    public static final String BUILD_STARTED = "BuildStarted";
    public static final String BUILD_SUCCEEDED = "BuildSucceeded";
    public static final String BUILD_FAILED = "BuildFailed";

    public SpecEvent {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
