package io.primehub.imagebuilder.domain.reconcile;

import java.util.Objects;

/**
 * The {@code .status} of an {@code ImageSpec}: its newest job's phase, that job's name, and on success the
 * pushed image.
 *
 * @param phase     the newest job's phase (Pending, Running, Succeeded, Failed, Cancelled); {@code Failed} for an
 *                  invalid spec and {@code Pending} while no registry is configured; empty before the first write
 * @param jobName   the newest job, empty when there is none
 * @param image     the last image pushed for this spec ({@code <repo prefix>/<name>:<tag>}), kept while a newer
 *                  job builds or after it failed; empty until a job first succeeded
 * @param imageDigest the digest ({@code sha256:...}) of {@code image} as its build pushed it, kept with it; empty when
 *                  the build did not report one (a build of PrimeHub's, or before the first success)
 * @param condition the {@link Condition#READY} condition, or null before the first write
 * @param observedGeneration the spec generation this status was computed from
 */
public record SpecState(
        String phase, String jobName, String image, String imageDigest, Condition condition, long observedGeneration) {

    public static final SpecState NEW = new SpecState("", "", "", "", null, 0);

    public SpecState {
        phase = Objects.requireNonNullElse(phase, "");
        jobName = Objects.requireNonNullElse(jobName, "");
        image = Objects.requireNonNullElse(image, "");
        imageDigest = Objects.requireNonNullElse(imageDigest, "");
    }

    /** A status without a digest: before the first success, or of a build that reported none. */
    public SpecState(String phase, String jobName, String image, Condition condition, long observedGeneration) {
        this(phase, jobName, image, "", condition, observedGeneration);
    }

    public String reason() {
        return condition == null ? "" : condition.reason();
    }
}
