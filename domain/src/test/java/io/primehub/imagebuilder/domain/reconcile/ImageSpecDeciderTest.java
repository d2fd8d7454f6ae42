package io.primehub.imagebuilder.domain.reconcile;

import static io.primehub.imagebuilder.domain.reconcile.Fixtures.CLOCK;
import static io.primehub.imagebuilder.domain.reconcile.Fixtures.TARGET;
import static io.primehub.imagebuilder.domain.reconcile.Fixtures.job;
import static io.primehub.imagebuilder.domain.reconcile.Fixtures.observed;
import static io.primehub.imagebuilder.domain.reconcile.Fixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobPhase;
import io.primehub.imagebuilder.domain.model.Packages;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageSpecDeciderTest {

    private static ImageSpecReconcileDecision decide(ImageSpec spec, SpecState state, List<ObservedJob> jobs) {
        return ImageSpecDecider.decide(new ObservedSpec(spec, 2, state), Optional.of(TARGET), "", jobs, CLOCK);
    }

    @Test
    void aNewSpecGetsTheJobOfItsRevisionAndAPendingStatus() {
        ImageSpec spec = spec(List.of("curl"), "t1");
        ImageSpecReconcileDecision decision = decide(spec, null, List.of());
        assertEquals(Optional.of(job(spec)), decision.jobToCreate());
        SpecState status = decision.newStatus().orElseThrow();
        assertEquals("Pending", status.phase());
        assertEquals(job(spec).name(), status.jobName());
        assertEquals(2, status.observedGeneration());
        assertEquals(ConditionStatus.UNKNOWN, status.condition().status());
    }

    @Test
    void anInvalidSpecGetsNoJobAndAStatusListingEveryProblem() {
        ImageSpec spec =
                new ImageSpec("hub", "s", "", "", new Packages(null, List.of("numpy; rm -rf /", "ok"), null), "");
        ImageSpecReconcileDecision decision = decide(spec, null, List.of());
        assertTrue(decision.jobToCreate().isEmpty());
        SpecState status = decision.newStatus().orElseThrow();
        assertEquals("Failed", status.phase());
        assertEquals("InvalidSpec", status.reason());
        assertTrue(
                status.condition().message().contains("spec.baseImage"),
                status.condition().message());
        assertTrue(
                status.condition().message().contains("spec.packages.pip[0]"),
                status.condition().message());
        assertEquals(
                List.of(new SpecEvent(true, "InvalidSpec", status.condition().message())), decision.events());
    }

    @Test
    void aNameTooLongToPushUnderThePrefixIsReportedWithTheSpecsOtherProblems() {
        ImageSpec spec = new ImageSpec(
                "hub",
                "a".repeat(240),
                "jupyter/base-notebook",
                "",
                new Packages(null, List.of("numpy; rm -rf /"), null),
                "");
        String message = decide(spec, null, List.of())
                .newStatus()
                .orElseThrow()
                .condition()
                .message();
        assertTrue(message.startsWith("2 problems in the image spec: metadata.name: "), message);
        assertTrue(message.contains("spec.packages.pip[0]"), message);
    }

    @Test
    void twoHundredInvalidPackagesMakeAMessageThatFitsTheCrdKeepingTheFirstProblemsWhole() {
        List<String> pip = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> "numpy; rm -rf /tmp/" + i)
                .toList();
        ImageSpec spec = new ImageSpec("hub", "s", "jupyter/base-notebook", "", new Packages(null, pip, null), "");
        String message = decide(spec, null, List.of())
                .newStatus()
                .orElseThrow()
                .condition()
                .message();
        assertTrue(
                message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 32 * 1024, "" + message.length());
        assertTrue(message.length() <= ConditionMessages.MAX_LENGTH, "" + message.length());
        assertTrue(
                message.startsWith("200 problems in the image spec: spec.packages.pip[0]: \"numpy; rm -rf /tmp/0\" "),
                message);
        int shown = message.split("spec\\.packages\\.pip\\[").length - 1;
        assertTrue(message.endsWith("; ... and " + (200 - shown) + " more problems"), message);
        assertTrue(
                message.contains("spec.packages.pip[" + (shown - 1) + "]: \"numpy; rm -rf /tmp/" + (shown - 1)
                        + "\" is not a valid pip requirement (name[extras][specifiers], e.g. \"requests[security]>=2.31,<3\"; "
                        + "no URLs, options, paths or environment markers); ... and "),
                "the last one shown is whole: " + message);
    }

    @Test
    void withoutARegistryNothingIsBuiltAndTheStatusSaysWhy() {
        ImageSpecReconcileDecision decision = ImageSpecDecider.decide(
                new ObservedSpec(spec(List.of(), ""), 1, null),
                Optional.empty(),
                "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT is not set",
                List.of(),
                CLOCK);
        assertTrue(decision.jobToCreate().isEmpty());
        SpecState status = decision.newStatus().orElseThrow();
        assertEquals("RegistryNotConfigured", status.reason());
        assertEquals(
                "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT is not set",
                status.condition().message());
    }

    @Test
    void changingThePackagesMakesANewJobAndCancelsTheRunningOldOne() {
        ImageSpec before = spec(List.of("curl"), "t1");
        ImageSpec after = spec(List.of("curl", "git"), "t1");
        ObservedJob old = observed(job(before), JobPhase.RUNNING, "p");
        ImageSpecReconcileDecision decision = decide(after, null, List.of(old));
        assertEquals(Optional.of(job(after)), decision.jobToCreate());
        assertEquals(1, decision.cancellations().size());
        JobCancellation cancellation = decision.cancellations().get(0);
        assertEquals(old.name(), cancellation.jobName());
        assertEquals(JobPhase.CANCELLED, cancellation.cancelledStatus().phase());
        assertEquals("Superseded", cancellation.cancelledStatus().reason());
    }

    @Test
    void finishedJobsOfOlderRevisionsAreLeftAlone() {
        ImageSpec before = spec(List.of("curl"), "t1");
        ImageSpec after = spec(List.of("git"), "t1");
        ImageSpecReconcileDecision decision =
                decide(after, null, List.of(observed(job(before), JobPhase.SUCCEEDED, "p")));
        assertTrue(decision.cancellations().isEmpty());
    }

    @Test
    void changingOnlyTheUpdateTimeRebuildsTheSameJob() {
        ImageSpec before = spec(List.of("curl"), "t1");
        ImageSpec after = spec(List.of("curl"), "t2");
        ImageSpecReconcileDecision decision =
                decide(after, null, List.of(observed(job(before), JobPhase.SUCCEEDED, "p")));
        assertTrue(decision.jobToCreate().isEmpty());
        assertEquals(
                Optional.of(new ImageSpecReconcileDecision.Rebuild(job(before).name(), "t2")), decision.rebuild());
        assertTrue(decision.cancellations().isEmpty());
        assertEquals("Pending", decision.newStatus().orElseThrow().phase());
    }

    @Test
    void aSucceededJobGivesTheSpecItsImageAndOneEvent() {
        ImageSpec spec = spec(List.of("curl"), "t1");
        ImageSpecJob job = job(spec);
        ImageSpecReconcileDecision decision = decide(spec, null, List.of(observed(job, JobPhase.SUCCEEDED, "p")));
        SpecState status = decision.newStatus().orElseThrow();
        assertEquals("Succeeded", status.phase());
        assertEquals(job.pushedImage(), status.image());
        assertEquals(ConditionStatus.TRUE, status.condition().status());
        assertEquals(
                List.of(SpecEvent.BUILD_SUCCEEDED),
                decision.events().stream().map(SpecEvent::reason).toList());

        ImageSpecReconcileDecision again = decide(spec, status, List.of(observed(job, JobPhase.SUCCEEDED, "p")));
        assertTrue(again.isNothing(), "a converged spec needs no write: " + again);
    }

    @Test
    void aJobFoundAlreadyBuiltGivesTheSpecItsImageWithoutClaimingABuild() {
        ImageSpec spec = spec(List.of("curl"), "t1");
        ImageSpecJob job = job(spec);
        ObservedJob fresh = new ObservedJob(job, 1, null);
        JobState built = JobDecider.alreadyBuilt(fresh, DIGEST, CLOCK);
        ImageSpecReconcileDecision decision = decide(spec, null, List.of(new ObservedJob(job, 1, built)));
        SpecState status = decision.newStatus().orElseThrow();
        assertEquals("Succeeded", status.phase());
        assertEquals(job.pushedImage(), status.image());
        assertEquals(DIGEST, status.imageDigest());
        assertEquals("AlreadyBuilt", status.reason());
        assertTrue(
                status.condition().message().contains("nothing was built"),
                status.condition().message());
        assertEquals(
                List.of("AlreadyBuilt"),
                decision.events().stream().map(SpecEvent::reason).toList(),
                "not BuildSucceeded: nothing was pushed");
    }

    private static final String DIGEST = "sha256:" + "cd34".repeat(16);

    private static ObservedJob succeededWithDigest(ImageSpecJob job) {
        return new ObservedJob(job, 1, new JobState(JobPhase.SUCCEEDED, "p", null, Fixtures.NOW, null, 1, DIGEST));
    }

    @Test
    void theSpecCarriesTheSucceededJobsDigestAndKeepsItWithItsImageWhileANewerJobBuilds() {
        ImageSpec first = spec(List.of("curl"), "t1");
        SpecState succeeded = decide(first, null, List.of(succeededWithDigest(job(first))))
                .newStatus()
                .orElseThrow();
        assertEquals(job(first).pushedImage(), succeeded.image());
        assertEquals(DIGEST, succeeded.imageDigest());

        ImageSpec edited = spec(List.of("curl", "git"), "t1");
        SpecState building = decide(
                        edited,
                        succeeded,
                        List.of(succeededWithDigest(job(first)), observed(job(edited), JobPhase.RUNNING, "q")))
                .newStatus()
                .orElseThrow();
        assertEquals("Running", building.phase());
        assertEquals(job(first).pushedImage(), building.image(), "the last image pushed is kept");
        assertEquals(DIGEST, building.imageDigest(), "and its digest with it");
    }

    @Test
    void aSchemaThatPrunesTheDigestDoesNotMakeTheSpecWriteForEver() {
        ImageSpec spec = spec(List.of("curl"), "t1");
        List<ObservedJob> jobs = List.of(succeededWithDigest(job(spec)));
        SpecState written = decide(spec, null, jobs).newStatus().orElseThrow();
        SpecState kept = StatusFields.WITHOUT_DIGEST.kept(written);
        assertEquals("", kept.imageDigest(), "what an earlier CRD of this project keeps");
        ImageSpecReconcileDecision again = ImageSpecDecider.decide(
                new ObservedSpec(spec, 2, kept), Optional.of(TARGET), "", jobs, CLOCK, StatusFields.WITHOUT_DIGEST);
        assertTrue(again.isNothing(), "converged under the schema that keeps no digest: " + again);
        assertFalse(
                ImageSpecDecider.decide(
                                new ObservedSpec(spec, 2, kept), Optional.of(TARGET), "", jobs, CLOCK, StatusFields.ALL)
                        .isNothing(),
                "under this project's schema the digest is written");
    }

    @Test
    void aFailedJobFailsTheSpecWithTheJobsReasonAndAWarning() {
        ImageSpec spec = spec(List.of("curl"), "t1");
        ImageSpecJob job = job(spec);
        JobState failed = new JobState(
                JobPhase.FAILED,
                "p",
                null,
                Fixtures.NOW,
                Condition.of(
                        Condition.SUCCEEDED,
                        ConditionStatus.FALSE,
                        BuildReason.BUILD_FAILED,
                        "E: Unable to locate package",
                        Fixtures.NOW,
                        1),
                1);
        ImageSpecReconcileDecision decision = decide(spec, null, List.of(new ObservedJob(job, 1, failed)));
        SpecState status = decision.newStatus().orElseThrow();
        assertEquals("Failed", status.phase());
        assertEquals("BuildFailed", status.reason());
        assertEquals("", status.image());
        SpecEvent event = decision.events().get(0);
        assertTrue(event.warning());
        assertEquals(SpecEvent.BUILD_FAILED, event.reason());
    }

    @Test
    void theConsolesUpdateTimeAndTheJobsCopyOfItAreOneTimeSoNothingIsRebuilt() {
        ImageSpec written = spec(List.of("curl"), "2026-12-01T08:00:00.000Z");
        ImageSpecJob copied = job(spec(List.of("curl"), "2026-12-01T08:00:00Z"));
        ImageSpecReconcileDecision decision = decide(
                written,
                null,
                List.of(observed(
                        copied, JobPhase.SUCCEEDED, BuildPodNames.podName(copied.name(), copied.updateTime()))));
        assertTrue(decision.jobToCreate().isEmpty());
        assertEquals(Optional.empty(), decision.rebuild());
        assertEquals("Succeeded", decision.newStatus().orElseThrow().phase());
    }

    @Test
    void aLaterUpdateTimeInAnotherSpellingStillRebuilds() {
        ImageSpecJob copied = job(spec(List.of("curl"), "2026-12-01T08:00:00Z"));
        ImageSpecReconcileDecision decision = decide(
                spec(List.of("curl"), "2026-12-01T08:00:01.000Z"),
                null,
                List.of(observed(copied, JobPhase.SUCCEEDED, "p")));
        assertEquals(
                Optional.of(new ImageSpecReconcileDecision.Rebuild(copied.name(), "2026-12-01T08:00:01.000Z")),
                decision.rebuild());
    }

    @Test
    void theLastPushedImageStaysWhileARebuildRunsAndAfterItFails() {
        ImageSpec spec = spec(List.of("curl"), "t1");
        ImageSpecJob job = job(spec);
        SpecState succeeded = decide(spec, null, List.of(observed(job, JobPhase.SUCCEEDED, "p")))
                .newStatus()
                .orElseThrow();
        String pushed = job.pushedImage();
        assertEquals(pushed, succeeded.image());

        ImageSpec rebuilt = spec(List.of("curl"), "t2");
        SpecState rebuilding = decide(rebuilt, succeeded, List.of(observed(job, JobPhase.SUCCEEDED, "p")))
                .newStatus()
                .orElseThrow();
        assertEquals("Pending", rebuilding.phase());
        assertEquals(pushed, rebuilding.image(), "a rebuild hides the image the console shows");

        ImageSpecJob newer = job(spec(List.of("curl", "git"), "t2"));
        JobState failed = new JobState(
                JobPhase.FAILED,
                "p2",
                null,
                Fixtures.NOW,
                Condition.of(
                        Condition.SUCCEEDED,
                        ConditionStatus.FALSE,
                        BuildReason.BUILD_FAILED,
                        "E: Unable to locate package git",
                        Fixtures.NOW,
                        1),
                1);
        SpecState afterFailure = decide(
                        spec(List.of("curl", "git"), "t2"),
                        rebuilding,
                        List.of(observed(job, JobPhase.SUCCEEDED, "p"), new ObservedJob(newer, 1, failed)))
                .newStatus()
                .orElseThrow();
        assertEquals("Failed", afterFailure.phase());
        assertEquals(newer.name(), afterFailure.jobName());
        assertEquals("BuildFailed", afterFailure.reason());
        assertEquals(pushed, afterFailure.image(), "a failed build hides the last image pushed");
    }

    @Test
    void anInvalidEditKeepsTheLastPushedImage() {
        SpecState succeeded = new SpecState("Succeeded", "s-1", "registry.example/team/s:1", null, 1);
        ImageSpec invalid = new ImageSpec("hub", "s", "Not An Image!", "", Packages.NONE, "t1");
        SpecState status = decide(invalid, succeeded, List.of()).newStatus().orElseThrow();
        assertEquals("InvalidSpec", status.reason());
        assertEquals("registry.example/team/s:1", status.image());
    }

    @Test
    void underPrimeHubsSchemaAConvergedSpecWithoutConditionsNeedsNoWrite() {
        ImageSpec spec = spec(List.of("curl"), "t1");
        ImageSpecJob job = job(spec);
        SpecState asPrimeHubKeepsIt = new SpecState("Succeeded", job.name(), job.pushedImage(), null, 0);
        List<ObservedJob> jobs = List.of(observed(job, JobPhase.SUCCEEDED, "p"));
        ImageSpecReconcileDecision primeHub = ImageSpecDecider.decide(
                new ObservedSpec(spec, 2, asPrimeHubKeepsIt),
                Optional.of(TARGET),
                "",
                jobs,
                CLOCK,
                StatusFields.PRIMEHUB);
        assertTrue(primeHub.isNothing(), primeHub.toString());
        // On this project's schema the same status gains its condition, once.
        ImageSpecReconcileDecision ours = decide(spec, asPrimeHubKeepsIt, jobs);
        assertEquals(
                ConditionStatus.TRUE, ours.newStatus().orElseThrow().condition().status());
    }

    @Test
    void underPrimeHubsSchemaAPhaseChangeIsStillWrittenWithItsEvent() {
        ImageSpec spec = spec(List.of("curl"), "t1");
        ImageSpecJob job = job(spec);
        SpecState pending = new SpecState("Pending", job.name(), "", null, 0);
        ImageSpecReconcileDecision decision = ImageSpecDecider.decide(
                new ObservedSpec(spec, 2, pending),
                Optional.of(TARGET),
                "",
                List.of(observed(job, JobPhase.RUNNING, "p")),
                CLOCK,
                StatusFields.PRIMEHUB);
        assertEquals("Running", decision.newStatus().orElseThrow().phase());
        assertEquals(
                List.of(SpecEvent.BUILD_STARTED),
                decision.events().stream().map(SpecEvent::reason).toList());
    }

    @Test
    void aValidSpecWithoutAnUpdateTimeFirstGetsOneAtWholeSecondsAndNothingElse() {
        Clock late = Clock.fixed(Fixtures.NOW.plusMillis(1_234), java.time.ZoneOffset.UTC);
        ImageSpecReconcileDecision decision = ImageSpecDecider.decide(
                new ObservedSpec(spec(List.of("curl"), ""), 1, null), Optional.of(TARGET), "", List.of(), late);
        assertEquals(Optional.of("2026-11-27T10:00:01Z"), decision.updateTime());
        assertTrue(decision.jobToCreate().isEmpty());
        assertTrue(decision.newStatus().isEmpty());
        assertTrue(decision.events().isEmpty());
        // An invalid spec is reported, not given a time.
        ImageSpec invalid = new ImageSpec("hub", "s", "Not An Image!", "", Packages.NONE, "");
        assertEquals(Optional.empty(), decide(invalid, null, List.of()).updateTime());
    }

    @Test
    void aJobNameTakenByAJobTheSpecDoesNotOwnIsNotCreatedOverAndTheStatusSaysSo() {
        ImageSpec spec = spec(List.of("curl"), "2026-12-01T08:00:00Z");
        ImageSpecReconcileDecision decision = ImageSpecDecider.decide(
                new ObservedSpec(spec, 2, null),
                Optional.of(TARGET),
                "",
                List.of(),
                job(spec).name()::equals,
                CLOCK,
                StatusFields.ALL);
        assertTrue(decision.jobToCreate().isEmpty());
        SpecState status = decision.newStatus().orElseThrow();
        assertEquals("Failed", status.phase());
        assertEquals("JobNameTaken", status.reason());
        assertTrue(
                status.condition().message().contains(job(spec).name()),
                status.condition().message());
    }

    @Test
    void aSucceededJobWhosePushTargetWasChangedByHandIsNotPublished() {
        ImageSpec spec = spec(List.of("curl"), "2026-12-01T08:00:00Z");
        ImageSpecJob planned = job(spec);
        ImageSpecJob retargeted = new ImageSpecJob(
                planned.namespace(),
                planned.name(),
                planned.specName(),
                planned.revision(),
                planned.baseImage(),
                "",
                planned.packages(),
                "x:1",
                "evil.example",
                planned.pushSecret(),
                planned.updateTime());
        SpecState status = decide(spec, null, List.of(observed(retargeted, JobPhase.SUCCEEDED, "p")))
                .newStatus()
                .orElseThrow();
        assertEquals("Refused", status.reason());
        assertEquals("", status.image(), "the spec never names where the job says it pushed");
    }
}
