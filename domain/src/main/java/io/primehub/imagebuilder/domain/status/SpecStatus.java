package io.primehub.imagebuilder.domain.status;

import io.primehub.imagebuilder.domain.reconcile.Condition;
import java.util.List;

/**
 * What a spec's status says.
 *
 * @param phase      its newest job's phase (or {@code Failed} for an invalid spec, {@code Pending} without a registry)
 * @param jobName    its newest job, empty when none
 * @param image      the last image pushed for the spec, kept while a newer job builds or after it failed; empty
 *                   until a job first succeeded
 * @param imageDigest the digest ({@code sha256:...}) of {@code image} as its build pushed it; empty when none was
 *                   reported
 * @param conditions its conditions ({@code Ready})
 * @param observedGeneration the generation of the spec that the status describes
 */
public record SpecStatus(
        String phase,
        String jobName,
        String image,
        String imageDigest,
        List<Condition> conditions,
        long observedGeneration) {

    public SpecStatus {
        conditions = List.copyOf(conditions);
    }

    /** The {@code Ready} condition's reason, or empty. */
    public String reason() {
        return conditions.stream()
                .filter(c -> Condition.READY.equals(c.type()))
                .map(Condition::reason)
                .findFirst()
                .orElse("");
    }

    public String message() {
        return conditions.stream()
                .filter(c -> Condition.READY.equals(c.type()))
                .map(Condition::message)
                .findFirst()
                .orElse("");
    }
}
