package io.primehub.imagebuilder.domain.reconcile;

import java.time.Instant;
import java.util.Objects;

/**
 * How the build container ended: {@code containerStatuses[].state.terminated}.
 *
 * @param exitCode   the build script's exit code
 * @param reason     the kubelet's reason ({@code Completed}, {@code Error}, {@code OOMKilled})
 * @param message    the termination message: with {@code FallbackToLogsOnError}, the log tail of a failed build
 * @param finishedAt when the container ended, or null
 */
public record PodTermination(int exitCode, String reason, String message, Instant finishedAt) {

    public PodTermination {
        reason = Objects.requireNonNullElse(reason, "");
        message = Objects.requireNonNullElse(message, "");
    }
}
