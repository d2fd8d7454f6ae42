package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobPhase;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.planning.JobPlanner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Plain objects for the reconcile tests. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final RegistryTarget TARGET = new RegistryTarget("127.0.0.1:5000/team", "push-secret");

    private Fixtures() {}

    static ImageSpec spec(List<String> apt, String updateTime) {
        return new ImageSpec(
                "hub", "base-curl", "jupyter/base-notebook", "", new Packages(apt, null, null), updateTime);
    }

    static ImageSpecJob job(ImageSpec spec) {
        return JobPlanner.plan(spec, TARGET);
    }

    static ObservedJob observed(ImageSpecJob job, JobPhase phase, String podName) {
        return new ObservedJob(job, 1, new JobState(phase, podName, null, null, null, 1));
    }

    static ObservedPod pod(String name, String phase) {
        return new ObservedPod(name, phase, "", "", phase.equals("Pending") ? null : NOW.minusSeconds(30), null, false);
    }
}
