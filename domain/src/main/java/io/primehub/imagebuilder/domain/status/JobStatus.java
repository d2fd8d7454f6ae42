package io.primehub.imagebuilder.domain.status;

import java.time.Instant;

/**
 * What a job's status says.
 *
 * @param name       the job's name
 * @param revision   the revision it builds
 * @param image      the image it pushes
 * @param imageDigest the digest ({@code sha256:...}) it pushed, once Succeeded; empty before, or when its build did
 *                   not report one
 * @param phase      Pending, Running, Succeeded, Failed or Cancelled
 * @param podName    its build pod, empty before one was made
 * @param startTime  when its pod started, or null
 * @param finishTime when it finished, or null
 * @param reason     its {@code Succeeded} condition's reason, e.g. {@code PushFailed}
 * @param message    that condition's message
 * @param created    the job's creation time
 */
public record JobStatus(
        String name,
        String revision,
        String image,
        String imageDigest,
        String phase,
        String podName,
        Instant startTime,
        Instant finishTime,
        String reason,
        String message,
        Instant created) {}
