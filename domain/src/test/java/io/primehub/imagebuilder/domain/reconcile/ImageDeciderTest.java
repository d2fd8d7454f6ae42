package io.primehub.imagebuilder.domain.reconcile;

import static io.primehub.imagebuilder.domain.reconcile.Fixtures.CLOCK;
import static io.primehub.imagebuilder.domain.reconcile.Fixtures.NOW;
import static io.primehub.imagebuilder.domain.reconcile.Fixtures.TARGET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobOrigin;
import io.primehub.imagebuilder.domain.model.JobPhase;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.planning.JobPlanner;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageDeciderTest {

    private static final String CONSOLE_TIME = "2026-11-27T09:00:00.000Z";

    private static ImageSpec imageSpec(List<String> apt, String updateTime) {
        return new ImageSpec("hub", "my-image", "jupyter/base-notebook", "", new Packages(apt, null, null), updateTime);
    }

    private static ObservedImage image(ImageSpec spec, boolean cancel, SpecState state, ImageUrls urls) {
        return new ObservedImage(spec, cancel, state, urls);
    }

    private static ImageSpecJob job(ImageSpec spec, String updateTime) {
        return JobPlanner.planForImage(spec, TARGET, updateTime);
    }

    /** A job whose status reports on its current attempt. */
    private static ObservedJob observed(ImageSpecJob job, JobPhase phase) {
        ObservedJob fresh = new ObservedJob(job, 1, JobState.NEW);
        return new ObservedJob(job, 1, new JobState(phase, fresh.desiredPodName(), null, null, null, 1));
    }

    private static ImageReconcileDecision decide(ObservedImage image, Optional<ObservedJob> job) {
        return ImageDecider.decide(image, Optional.of(TARGET), "", job, CLOCK, StatusFields.ALL);
    }

    @Test
    void anImageWithoutABaseImageIsAnOrdinaryImageAndLeftAlone() {
        ImageSpec none = new ImageSpec("hub", "plain", "", "", Packages.NONE, "");
        assertTrue(decide(image(none, false, null, null), Optional.empty()).isNothing());
        assertTrue(decide(image(none, true, null, null), Optional.empty()).isNothing());
    }

    @Test
    void aNewImageGetsAJobNamedAfterItWithTheCurrentTimeWhenItHasNone() {
        ImageReconcileDecision decision =
                decide(image(imageSpec(List.of("curl"), ""), false, null, null), Optional.empty());
        ImageSpecJob created = decision.jobToCreate().orElseThrow();
        assertEquals("my-image", created.name());
        assertEquals(JobOrigin.IMAGE, created.origin());
        assertEquals(NOW.toString(), created.updateTime());
        SpecState status = decision.newStatus().orElseThrow();
        assertEquals("Pending", status.phase());
        assertEquals("my-image", status.jobName());
        assertEquals(0, status.observedGeneration());
        assertTrue(decision.newUrls().isEmpty());
    }

    @Test
    void theConsolesMillisecondsAreTheJobsSecondNoRebuild() {
        ImageSpec spec = imageSpec(List.of("curl"), CONSOLE_TIME);
        ObservedJob running = observed(job(spec, "2026-11-27T09:00:00Z"), JobPhase.RUNNING);
        ImageReconcileDecision decision = decide(image(spec, false, null, null), Optional.of(running));
        assertTrue(decision.jobToRebuild().isEmpty());
        assertTrue(decision.jobToCreate().isEmpty());
        assertEquals("Running", decision.newStatus().orElseThrow().phase());
    }

    @Test
    void aJobGivenTheTimeBeforeTheConsoleWroteItsOwnIsNotRebuilt() {
        ImageSpec spec = imageSpec(List.of("curl"), CONSOLE_TIME);
        ObservedJob running = observed(job(spec, "2026-11-27T09:00:01Z"), JobPhase.RUNNING);
        assertTrue(decide(image(spec, false, null, null), Optional.of(running))
                .jobToRebuild()
                .isEmpty());
    }

    @Test
    void aLaterUpdateTimeRebuildsTheJobInPlaceWithTheImagesTime() {
        ImageSpec before = imageSpec(List.of("curl"), CONSOLE_TIME);
        ImageSpec after = imageSpec(List.of("curl"), "2026-11-27T09:30:00.000Z");
        ObservedJob done = observed(job(before, CONSOLE_TIME), JobPhase.SUCCEEDED);
        ImageReconcileDecision decision = decide(image(after, false, null, null), Optional.of(done));
        ImageSpecJob rebuilt = decision.jobToRebuild().orElseThrow();
        assertEquals("my-image", rebuilt.name());
        assertEquals("2026-11-27T09:30:00.000Z", rebuilt.updateTime());
        assertEquals("Pending", decision.newStatus().orElseThrow().phase());
        assertTrue(decision.newUrls().isEmpty(), "the url stays the last image pushed until the rebuild succeeds");
    }

    @Test
    void newPackagesRebuildWithATimeLaterThanTheJobs() {
        ImageSpec before = imageSpec(List.of("curl"), CONSOLE_TIME);
        ImageSpec after = imageSpec(List.of("curl", "git"), CONSOLE_TIME);
        ObservedJob done = observed(job(before, CONSOLE_TIME), JobPhase.SUCCEEDED);
        ImageSpecJob rebuilt = decide(image(after, false, null, null), Optional.of(done))
                .jobToRebuild()
                .orElseThrow();
        assertEquals(after.revision(), rebuilt.revision());
        assertEquals(NOW.toString(), rebuilt.updateTime());
    }

    @Test
    void cancelStopsAnUnfinishedBuildAndShowsCancelled() {
        ImageSpec spec = imageSpec(List.of("curl"), CONSOLE_TIME);
        ObservedJob running = observed(job(spec, CONSOLE_TIME), JobPhase.RUNNING);
        ImageReconcileDecision decision = decide(image(spec, true, null, null), Optional.of(running));
        JobCancellation cancellation = decision.cancellation().orElseThrow();
        assertEquals("my-image", cancellation.jobName());
        assertEquals(JobPhase.CANCELLED, cancellation.cancelledStatus().phase());
        assertEquals("Cancelled", cancellation.cancelledStatus().reason());
        SpecState status = decision.newStatus().orElseThrow();
        assertEquals("Cancelled", status.phase());
        assertEquals("my-image", status.jobName());
        assertTrue(decision.jobToRebuild().isEmpty());
    }

    @Test
    void cancelAfterARebuildWasAskedForStopsTheRebuildBeforeItStarts() {
        ImageSpec spec = imageSpec(List.of("curl"), "2026-11-27T09:30:00.000Z");
        ObservedJob done = observed(job(spec, CONSOLE_TIME), JobPhase.SUCCEEDED);
        ObservedJob rebuildAsked = new ObservedJob(job(spec, "2026-11-27T09:30:00.000Z"), 2, done.state());
        assertFalse(rebuildAsked.reportsCurrentAttempt());
        ImageReconcileDecision decision = decide(image(spec, true, null, null), Optional.of(rebuildAsked));
        JobState cancelled = decision.cancellation().orElseThrow().cancelledStatus();
        assertEquals(rebuildAsked.desiredPodName(), cancelled.podName(), "the cancelled attempt is never started");
    }

    @Test
    void aBuildThatFinishedBeforeTheCancelKeepsItsResult() {
        ImageSpec spec = imageSpec(List.of("curl"), CONSOLE_TIME);
        ObservedJob done = observed(job(spec, CONSOLE_TIME), JobPhase.SUCCEEDED);
        ImageReconcileDecision decision = decide(image(spec, true, null, null), Optional.of(done));
        assertTrue(decision.cancellation().isEmpty());
        assertEquals("Succeeded", decision.newStatus().orElseThrow().phase());
    }

    @Test
    void aCancelledJobIsBuiltAgainOnceTheImageNoLongerCancels() {
        ImageSpec spec = imageSpec(List.of("curl"), CONSOLE_TIME);
        ObservedJob cancelled = observed(job(spec, CONSOLE_TIME), JobPhase.CANCELLED);
        ImageReconcileDecision decision = decide(image(spec, false, null, null), Optional.of(cancelled));
        assertEquals(NOW.toString(), decision.jobToRebuild().orElseThrow().updateTime());
        ObservedJob restarted = new ObservedJob(decision.jobToRebuild().get(), 2, cancelled.state());
        assertTrue(
                decide(image(spec, false, null, null), Optional.of(restarted))
                        .jobToRebuild()
                        .isEmpty(),
                "a rebuild asked for is not asked for again before it starts");
    }

    @Test
    void successSetsTheUrlsAndTheImageAsPrimeHubDoes() {
        ImageSpec spec = imageSpec(List.of("curl"), CONSOLE_TIME);
        ObservedJob done = observed(job(spec, CONSOLE_TIME), JobPhase.SUCCEEDED);
        ImageReconcileDecision decision = decide(image(spec, false, null, null), Optional.of(done));
        String pushed = "127.0.0.1:5000/team/my-image:" + spec.revision();
        assertEquals(Optional.of(new ImageUrls(pushed, pushed, "push-secret")), decision.newUrls());
        SpecState status = decision.newStatus().orElseThrow();
        assertEquals("Succeeded", status.phase());
        assertEquals(pushed, status.image());
        assertEquals(
                List.of(SpecEvent.BUILD_SUCCEEDED),
                decision.events().stream().map(SpecEvent::reason).toList());

        ObservedImage converged = image(spec, false, status, decision.newUrls().get());
        assertTrue(decide(converged, Optional.of(done)).isNothing(), "a converged Image needs no write");
    }

    @Test
    void onPrimeHubsSchemaAnImageAsPrimeHubLeftItNeedsNoWrite() {
        ImageSpec spec = imageSpec(List.of("curl"), CONSOLE_TIME);
        ObservedJob done = observed(job(spec, "2026-11-27T09:00:00Z"), JobPhase.SUCCEEDED);
        String pushed = done.job().pushedImage();
        ObservedImage primeHubs = image(
                spec,
                false,
                new SpecState("Succeeded", "my-image", pushed, null, 0),
                new ImageUrls(pushed, pushed, "push-secret"));
        assertTrue(
                ImageDecider.decide(primeHubs, Optional.of(TARGET), "", Optional.of(done), CLOCK, StatusFields.PRIMEHUB)
                        .isNothing());
    }

    @Test
    void aFailedRebuildKeepsTheLastImagePushed() {
        ImageSpec spec = imageSpec(List.of("curl"), CONSOLE_TIME);
        ObservedJob failed = observed(job(spec, CONSOLE_TIME), JobPhase.FAILED);
        SpecState before = new SpecState("Running", "my-image", "127.0.0.1:5000/team/my-image:00000000", null, 0);
        ImageReconcileDecision decision = decide(image(spec, false, before, null), Optional.of(failed));
        SpecState status = decision.newStatus().orElseThrow();
        assertEquals("Failed", status.phase());
        assertEquals("127.0.0.1:5000/team/my-image:00000000", status.image());
        assertTrue(decision.newUrls().isEmpty());
    }

    @Test
    void invalidPackagesGiveAClearReasonAndNoBuild() {
        ImageSpec spec = imageSpec(List.of("curl; id"), CONSOLE_TIME);
        ImageReconcileDecision decision = decide(image(spec, false, null, null), Optional.empty());
        assertTrue(decision.jobToCreate().isEmpty());
        SpecState status = decision.newStatus().orElseThrow();
        assertEquals("Failed", status.phase());
        assertEquals("InvalidSpec", status.reason());
        assertTrue(
                status.condition().message().contains("spec.packages.apt[0]"),
                status.condition().message());
        assertEquals(
                List.of(new SpecEvent(true, "InvalidSpec", status.condition().message())), decision.events());
    }

    @Test
    void theConsolesEmptyTextBoxesAreNoProblem() {
        ImageSpec spec = new ImageSpec(
                "hub",
                "my-image",
                "jupyter/base-notebook",
                "",
                new Packages(List.of(""), List.of("numpy"), List.of("")),
                CONSOLE_TIME);
        assertTrue(decide(image(spec, false, null, null), Optional.empty())
                .jobToCreate()
                .isPresent());
    }

    @Test
    void withoutARegistryTheImageSaysWhy() {
        ImageReconcileDecision decision = ImageDecider.decide(
                image(imageSpec(List.of(), ""), false, null, null),
                Optional.empty(),
                "no registry here",
                Optional.empty(),
                CLOCK,
                StatusFields.ALL);
        assertTrue(decision.jobToCreate().isEmpty());
        assertEquals("RegistryNotConfigured", decision.newStatus().orElseThrow().reason());
    }

    @Test
    void aJobNameTakenByAJobTheImageDoesNotOwnIsNotCreatedOver() {
        ImageReconcileDecision decision = ImageDecider.decide(
                image(imageSpec(List.of("curl"), CONSOLE_TIME), false, null, null),
                Optional.of(TARGET),
                "",
                Optional.empty(),
                true,
                CLOCK,
                StatusFields.ALL);
        assertTrue(decision.jobToCreate().isEmpty());
        assertEquals("JobNameTaken", decision.newStatus().orElseThrow().reason());
    }

    @Test
    void aJobWhosePackagesWereChangedByHandIsBroughtBackToTheImages() {
        ImageSpec spec = imageSpec(List.of("curl"), CONSOLE_TIME);
        ImageSpecJob planned = job(spec, CONSOLE_TIME);
        ImageSpecJob tampered = new ImageSpecJob(
                planned.namespace(),
                planned.name(),
                planned.specName(),
                planned.revision(),
                planned.baseImage(),
                "",
                new Packages(List.of("curl", "evil"), null, null),
                planned.targetImage(),
                planned.repoPrefix(),
                planned.pushSecret(),
                planned.updateTime(),
                planned.origin());
        ImageReconcileDecision decision =
                decide(image(spec, false, null, null), Optional.of(observed(tampered, JobPhase.PENDING)));
        assertEquals(spec.packages(), decision.jobToRebuild().orElseThrow().packages());
    }

    @Test
    void aSucceededJobWhosePushTargetWasChangedByHandIsNotPublished() {
        ImageSpec spec = imageSpec(List.of("curl"), CONSOLE_TIME);
        ImageSpecJob planned = job(spec, CONSOLE_TIME);
        ImageSpecJob retargeted = new ImageSpecJob(
                planned.namespace(),
                planned.name(),
                planned.specName(),
                planned.revision(),
                planned.baseImage(),
                "",
                planned.packages(),
                "evil.example/x:1",
                "",
                planned.pushSecret(),
                planned.updateTime(),
                planned.origin());
        ImageReconcileDecision decision =
                decide(image(spec, false, null, null), Optional.of(observed(retargeted, JobPhase.SUCCEEDED)));
        assertTrue(decision.newUrls().isEmpty(), "the url is never set to where the job says it pushed");
        SpecState status = decision.newStatus().orElseThrow();
        assertEquals("Refused", status.reason());
        assertEquals("", status.image());
    }
}
