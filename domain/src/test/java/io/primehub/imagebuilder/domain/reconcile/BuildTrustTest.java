package io.primehub.imagebuilder.domain.reconcile;

import static io.primehub.imagebuilder.domain.reconcile.Fixtures.TARGET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobOrigin;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.planning.JobPlanner;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildTrustTest {

    private static final ImageSpec SPEC = new ImageSpec(
            "hub",
            "base-curl",
            "jupyter/base-notebook",
            "",
            new Packages(List.of("curl"), null, null),
            "2026-12-01T08:00:00Z");
    private static final ImageSpecJob PLANNED = JobPlanner.plan(SPEC, TARGET);

    /** A job with the planned name and content, whose writer chose the push target, push secret and pull secret. */
    private static ImageSpecJob forged(String baseImage, List<String> apt) {
        return new ImageSpecJob(
                "hub",
                PLANNED.name(),
                "base-curl",
                PLANNED.revision(),
                baseImage,
                "someones-secret",
                new Packages(apt, null, null),
                "victim/repo:latest",
                "127.0.0.1:5000",
                "kube-system-token",
                "2026-12-01T09:00:00Z",
                JobOrigin.IMAGE_SPEC);
    }

    @Test
    void aJobIsBuiltAsItsOwnerPlansItWhateverItSaysAboutTargetAndSecrets() {
        BuildTrust.Verdict verdict =
                BuildTrust.verify(forged("jupyter/base-notebook", List.of("curl")), new OwnerPlan.Plans(PLANNED));
        ImageSpecJob build = verdict.build().orElseThrow();
        assertEquals(PLANNED.pushedImage(), build.pushedImage());
        assertEquals(PLANNED.pushSecret(), build.pushSecret());
        assertEquals("", build.pullSecret(), "the pull secret is the spec's");
        assertEquals("2026-12-01T09:00:00Z", build.updateTime(), "the job's attempt");
        assertTrue(verdict.refusal().isEmpty());
    }

    @Test
    void aJobWithoutAnOwnerTheControllerReconcilesIsRefusedAndSaysWhy() {
        BuildTrust.Verdict verdict = BuildTrust.verify(
                PLANNED, new OwnerPlan.Missing("no ImageSpec base-curl with uid u1 in namespace hub"));
        assertTrue(verdict.build().isEmpty());
        assertTrue(
                verdict.refusal().orElseThrow().contains("no ImageSpec base-curl with uid u1 in namespace hub"),
                verdict.refusal().get());
    }

    @Test
    void aSpecsJobWithOtherPackagesThanItsRevisionIsRefused() {
        BuildTrust.Verdict verdict = BuildTrust.verify(
                forged("jupyter/base-notebook", List.of("curl", "evil")), new OwnerPlan.Plans(PLANNED));
        assertTrue(verdict.build().isEmpty());
        assertTrue(
                verdict.refusal().orElseThrow().contains("are not those of ImageSpec base-curl"),
                verdict.refusal().get());
    }

    @Test
    void aJobItsOwnerDoesNotPlanNowWaitsForTheOwner() {
        ImageSpecJob older = JobPlanner.plan(
                new ImageSpec(
                        "hub", "base-curl", "jupyter/base-notebook", "", new Packages(List.of("git"), null, null), ""),
                TARGET);
        assertEquals(
                new BuildTrust.Verdict(Optional.empty(), Optional.empty()),
                BuildTrust.verify(older, new OwnerPlan.Plans(PLANNED)));
        assertEquals(
                new BuildTrust.Verdict(Optional.empty(), Optional.empty()),
                BuildTrust.verify(PLANNED, new OwnerPlan.NothingNow()));
    }

    @Test
    void anImagesJobThatDiffersFromItsImageWaitsForTheImageToRebuildIt() {
        ImageSpec image = new ImageSpec(
                "hub", "my-image", "jupyter/base-notebook", "", new Packages(List.of("curl"), null, null), "");
        ImageSpecJob job = JobPlanner.planForImage(image, TARGET, "2026-12-01T08:00:00Z");
        ImageSpec edited = new ImageSpec(
                "hub", "my-image", "jupyter/base-notebook", "", new Packages(List.of("git"), null, null), "");
        BuildTrust.Verdict verdict = BuildTrust.verify(
                job, new OwnerPlan.Plans(JobPlanner.planForImage(edited, TARGET, "2026-12-01T08:00:00Z")));
        assertEquals(new BuildTrust.Verdict(Optional.empty(), Optional.empty()), verdict);
    }
}
