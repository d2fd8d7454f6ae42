package io.primehub.imagebuilder.domain.reconcile;

import static io.primehub.imagebuilder.domain.reconcile.Fixtures.CLOCK;
import static io.primehub.imagebuilder.domain.reconcile.Fixtures.NOW;
import static io.primehub.imagebuilder.domain.reconcile.Fixtures.job;
import static io.primehub.imagebuilder.domain.reconcile.Fixtures.observed;
import static io.primehub.imagebuilder.domain.reconcile.Fixtures.pod;
import static io.primehub.imagebuilder.domain.reconcile.Fixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobPhase;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobDeciderTest {

    private final ImageSpecJob job = job(spec(List.of("curl"), "t1"));
    private final String podName = BuildPodNames.podName(job.name(), "t1");

    @Test
    void aNewJobGetsItsPodAndAPendingStatusNamingIt() {
        JobReconcileDecision decision = JobDecider.decide(new ObservedJob(job, 1, null), List.of(), CLOCK);
        assertTrue(decision.createPod());
        assertEquals(podName, decision.podName());
        JobState status = decision.newStatus().orElseThrow();
        assertEquals(JobPhase.PENDING, status.phase());
        assertEquals(podName, status.podName());
        assertEquals(ConditionStatus.UNKNOWN, status.condition().status());
        assertEquals("Pending", status.reason());
    }

    @Test
    void aRestartAfterCreatingThePodDoesNotCreateASecondOne() {
        JobReconcileDecision decision =
                JobDecider.decide(new ObservedJob(job, 1, null), List.of(pod(podName, "Pending")), CLOCK);
        assertFalse(decision.createPod());
        assertEquals(podName, decision.newStatus().orElseThrow().podName());
    }

    @Test
    void theBuildPodNameIsDeterministicAndChangesWithTheUpdateTime() {
        assertEquals(BuildPodNames.podName("j", "t1"), BuildPodNames.podName("j", "t1"));
        assertNotEquals(BuildPodNames.podName("j", "t1"), BuildPodNames.podName("j", "t2"));
        assertTrue(BuildPodNames.podName("j", "").matches("j-[0-9a-f]{5}"));
    }

    @Test
    void aRunningPodMovesTheJobToRunningWithItsStartTime() {
        JobReconcileDecision decision =
                JobDecider.decide(observed(job, JobPhase.PENDING, podName), List.of(pod(podName, "Running")), CLOCK);
        JobState status = decision.newStatus().orElseThrow();
        assertEquals(JobPhase.RUNNING, status.phase());
        assertEquals(NOW.minusSeconds(30), status.startTime());
        assertEquals("Building", status.reason());
        assertFalse(decision.createPod());
    }

    @Test
    void anUnchangedPodChangesNothing() {
        ObservedJob pending = observed(job, JobPhase.PENDING, podName);
        JobState running = JobDecider.decide(pending, List.of(pod(podName, "Running")), CLOCK)
                .newStatus()
                .orElseThrow();
        JobReconcileDecision again =
                JobDecider.decide(new ObservedJob(job, 1, running), List.of(pod(podName, "Running")), CLOCK);
        assertTrue(again.isNothing());
    }

    @Test
    void aSucceededPodSucceedsTheJobNamingThePushedImage() {
        JobState status = JobDecider.decide(
                        observed(job, JobPhase.RUNNING, podName), List.of(pod(podName, "Succeeded")), CLOCK)
                .newStatus()
                .orElseThrow();
        assertEquals(JobPhase.SUCCEEDED, status.phase());
        assertEquals(ConditionStatus.TRUE, status.condition().status());
        assertEquals(NOW, status.finishTime());
        assertTrue(status.message().contains("127.0.0.1:5000/team/base-curl:"), status.message());
    }

    @Test
    void aSucceededPodGivesTheJobTheDigestItsBuildReported() {
        String digest = "sha256:" + "ef56".repeat(16);
        ObservedPod succeeded = new ObservedPod(
                podName,
                "Succeeded",
                "",
                "",
                NOW.minusSeconds(30),
                new PodTermination(0, "Completed", "pushed: " + job.pushedImage() + "@" + digest, NOW),
                false);
        JobState status = JobDecider.decide(observed(job, JobPhase.RUNNING, podName), List.of(succeeded), CLOCK)
                .newStatus()
                .orElseThrow();
        assertEquals(JobPhase.SUCCEEDED, status.phase());
        assertEquals(digest, status.imageDigest());
        assertEquals("", StatusFields.PRIMEHUB.kept(status).imageDigest(), "PrimeHub's schema keeps no digest");
    }

    @Test
    void aPushFailureReportsPushFailedWithTheScriptsLastLine() {
        ObservedPod failed = new ObservedPod(
                podName,
                "Failed",
                "",
                "",
                NOW.minusSeconds(30),
                new PodTermination(40, "Error", "error: push: unauthorized", NOW.minusSeconds(1)),
                false);
        JobState status = JobDecider.decide(observed(job, JobPhase.RUNNING, podName), List.of(failed), CLOCK)
                .newStatus()
                .orElseThrow();
        assertEquals(JobPhase.FAILED, status.phase());
        assertEquals("PushFailed", status.reason());
        assertEquals(ConditionStatus.FALSE, status.condition().status());
        assertTrue(status.message().contains("exit code 40"), status.message());
        assertTrue(status.message().endsWith("error: push: unauthorized"), status.message());
        assertEquals(NOW.minusSeconds(1), status.finishTime());
    }

    @Test
    void aMissingRecordedPodFailsTheJobWithPodDeleted() {
        JobState status = JobDecider.decide(observed(job, JobPhase.RUNNING, podName), List.of(), CLOCK)
                .newStatus()
                .orElseThrow();
        assertEquals(JobPhase.FAILED, status.phase());
        assertEquals("PodDeleted", status.reason());
        assertEquals(NOW, status.finishTime());
    }

    @Test
    void aPodBeingDeletedBeforeItFinishedFailsTheJobWithPodDeleted() {
        ObservedPod deleting = new ObservedPod(podName, "Running", "", "", NOW, null, true);
        JobState status = JobDecider.decide(observed(job, JobPhase.RUNNING, podName), List.of(deleting), CLOCK)
                .newStatus()
                .orElseThrow();
        assertEquals("PodDeleted", status.reason());
    }

    @Test
    void aFinishedJobNeverMoves() {
        JobReconcileDecision decision =
                JobDecider.decide(observed(job, JobPhase.SUCCEEDED, podName), List.of(pod(podName, "Failed")), CLOCK);
        assertTrue(decision.isNothing());
    }

    @Test
    void aCancelledJobsRunningPodIsDeleted() {
        JobReconcileDecision decision =
                JobDecider.decide(observed(job, JobPhase.CANCELLED, podName), List.of(pod(podName, "Running")), CLOCK);
        assertEquals(List.of(podName), decision.podsToDelete());
        assertTrue(decision.newStatus().isEmpty());
        assertFalse(decision.createPod());
    }

    @Test
    void aNewUpdateTimeRebuildsAFinishedJobWithAFreshPodAndDeletesTheOldOne() {
        ImageSpecJob rebuilt = job(spec(List.of("curl"), "t2"));
        String oldPod = podName;
        String newPod = BuildPodNames.podName(job.name(), "t2");
        JobReconcileDecision decision = JobDecider.decide(
                observed(rebuilt, JobPhase.SUCCEEDED, oldPod), List.of(pod(oldPod, "Succeeded")), CLOCK);
        assertTrue(decision.createPod());
        assertEquals(newPod, decision.podName());
        JobState status = decision.newStatus().orElseThrow();
        assertEquals(JobPhase.PENDING, status.phase());
        assertEquals(newPod, status.podName());
        assertEquals(null, status.finishTime());
        assertEquals(List.of(oldPod), decision.podsToDelete());
    }

    @Test
    void cancellingRecordsTheAttemptSoTheJobIsNotStartedAgain() {
        JobState cancelled =
                JobDecider.cancelled(new ObservedJob(job, 1, null), BuildReason.SUPERSEDED, "newer", CLOCK);
        assertEquals(JobPhase.CANCELLED, cancelled.phase());
        assertEquals(podName, cancelled.podName());
        JobReconcileDecision decision = JobDecider.decide(new ObservedJob(job, 1, cancelled), List.of(), CLOCK);
        assertTrue(decision.isNothing());
    }

    @Test
    void onlyAJobWithNoRecordedAttemptIsOnItsFirst() {
        assertTrue(JobDecider.isFirstAttempt(new ObservedJob(job, 1, null)));
        assertFalse(JobDecider.isFirstAttempt(observed(job, JobPhase.SUCCEEDED, podName)), "a rebuild by updateTime");
        assertFalse(
                JobDecider.isFirstAttempt(new ObservedJob(
                        job,
                        1,
                        new JobState(JobPhase.SUCCEEDED, "image-" + job.name() + "-abcde", null, null, null, 1),
                        false)),
                "a job PrimeHub's controller built");
    }

    @Test
    void anAlreadyBuiltJobSucceedsWithTheDigestAndItsAttemptRecordedSoNoPodIsMade() {
        String digest = "sha256:" + "d".repeat(64);
        JobState built = JobDecider.alreadyBuilt(new ObservedJob(job, 3, null), digest, CLOCK);
        assertEquals(JobPhase.SUCCEEDED, built.phase());
        assertEquals(ConditionStatus.TRUE, built.condition().status());
        assertEquals("AlreadyBuilt", built.reason());
        assertTrue(built.message().contains(job.pushedImage() + "@" + digest), built.message());
        assertEquals(digest, built.imageDigest());
        assertEquals(podName, built.podName());
        assertEquals(NOW, built.finishTime());
        assertEquals(3, built.observedGeneration());
        assertTrue(
                JobDecider.decide(new ObservedJob(job, 3, built), List.of(), CLOCK)
                        .isNothing(),
                "nothing more to do for this attempt");
        JobReconcileDecision rebuild =
                JobDecider.decide(new ObservedJob(job.withUpdateTime("t2"), 3, built), List.of(), CLOCK);
        assertTrue(rebuild.createPod(), "a new updateTime builds it");
    }

    @Test
    void theTransitionTimeStaysWhileTheConditionStatusStays() {
        ObservedJob pending = new ObservedJob(
                job,
                1,
                JobDecider.decide(new ObservedJob(job, 1, null), List.of(), CLOCK)
                        .newStatus()
                        .orElseThrow());
        JobState running = JobDecider.decide(
                        pending,
                        List.of(pod(podName, "Running")),
                        java.time.Clock.offset(CLOCK, java.time.Duration.ofMinutes(1)))
                .newStatus()
                .orElseThrow();
        assertEquals(NOW, running.condition().lastTransitionTime());
    }

    /** What PrimeHub's controller leaves behind: its pod name in the status, no build-attempt annotation. */
    private ObservedJob madeByPrimeHub(JobPhase phase, String primeHubPod) {
        return new ObservedJob(job, 1, new JobState(phase, primeHubPod, null, null, null, 0), false);
    }

    @Test
    void aFinishedJobThatPrimeHubBuiltStaysAsItIsWhateverItsPodIsCalled() {
        for (JobPhase finished : List.of(JobPhase.SUCCEEDED, JobPhase.FAILED)) {
            String primeHubPod = "image-" + job.name() + "-x1y2";
            JobReconcileDecision decision = JobDecider.decide(
                    madeByPrimeHub(finished, primeHubPod), List.of(pod(primeHubPod, finished.wireName())), CLOCK);
            assertTrue(decision.isNothing(), finished + ": " + decision);
            JobReconcileDecision podGone = JobDecider.decide(madeByPrimeHub(finished, primeHubPod), List.of(), CLOCK);
            assertTrue(podGone.isNothing(), finished + " without its pod: " + podGone);
        }
    }

    @Test
    void aRunningPrimeHubPodIsFollowedToItsEndAndNeverReplaced() {
        String primeHubPod = "image-" + job.name() + "-x1y2";
        ObservedJob running = madeByPrimeHub(JobPhase.RUNNING, primeHubPod);
        JobReconcileDecision stillRunning = JobDecider.decide(running, List.of(pod(primeHubPod, "Running")), CLOCK);
        assertFalse(stillRunning.createPod());
        assertEquals(List.of(), stillRunning.podsToDelete());
        assertEquals(primeHubPod, stillRunning.podName());

        JobReconcileDecision done = JobDecider.decide(running, List.of(pod(primeHubPod, "Succeeded")), CLOCK);
        assertFalse(done.createPod());
        assertEquals(List.of(), done.podsToDelete());
        JobState status = done.newStatus().orElseThrow();
        assertEquals(JobPhase.SUCCEEDED, status.phase());
        assertEquals(primeHubPod, status.podName());
    }

    @Test
    void aJobPrimeHubMadeWithoutAPodYetIsBuiltByThisController() {
        ObservedJob fresh = new ObservedJob(job, 1, null, false);
        JobReconcileDecision decision = JobDecider.decide(fresh, List.of(), CLOCK);
        assertTrue(decision.createPod());
        assertEquals(podName, decision.podName());
    }

    @Test
    void onceTheSpecAsksForARebuildTheAdoptedJobGetsAnAttemptOfThisController() {
        // The spec reconciler's rebuild marks the job as managed: its recorded PrimeHub pod becomes an earlier attempt.
        String primeHubPod = "image-" + job.name() + "-x1y2";
        ObservedJob rebuilt =
                new ObservedJob(job, 1, new JobState(JobPhase.SUCCEEDED, primeHubPod, null, null, null, 0), true);
        JobReconcileDecision decision = JobDecider.decide(rebuilt, List.of(pod(primeHubPod, "Succeeded")), CLOCK);
        assertTrue(decision.createPod());
        assertEquals(podName, decision.podName());
        assertEquals(List.of(primeHubPod), decision.podsToDelete());
    }

    @Test
    void underPrimeHubsSchemaARunningJobWithoutConditionsNeedsNoWrite() {
        JobState asPrimeHubKeepsIt = new JobState(JobPhase.RUNNING, podName, NOW.minusSeconds(30), null, null, 0);
        JobReconcileDecision primeHub = JobDecider.decide(
                new ObservedJob(job, 1, asPrimeHubKeepsIt),
                List.of(pod(podName, "Running")),
                CLOCK,
                StatusFields.PRIMEHUB);
        assertTrue(primeHub.isNothing(), primeHub.toString());
        JobReconcileDecision ours =
                JobDecider.decide(new ObservedJob(job, 1, asPrimeHubKeepsIt), List.of(pod(podName, "Running")), CLOCK);
        assertTrue(ours.newStatus().isPresent(), "this project's schema gains the condition");
        JobReconcileDecision done = JobDecider.decide(
                new ObservedJob(job, 1, asPrimeHubKeepsIt),
                List.of(pod(podName, "Succeeded")),
                CLOCK,
                StatusFields.PRIMEHUB);
        assertEquals(JobPhase.SUCCEEDED, done.newStatus().orElseThrow().phase());
    }

    @Test
    void inABuildNamespaceAJobsPodIsNamedAfterItsNamespaceAndAJobBuiltBesideItIsNotBuiltAgain() {
        ImageSpecJob job = Fixtures.job(Fixtures.spec(List.of("curl"), "2026-12-01T08:00:00Z"));
        ObservedJob fresh = new ObservedJob(job, 1, JobState.NEW, true, "builds");
        assertTrue(fresh.buildsElsewhere());
        assertEquals("builds", fresh.podNamespace());
        String shared = BuildPodNames.podName(ObjectNames.sharedName("hub", job.name()), job.updateTime());
        assertEquals(shared, fresh.desiredPodName());
        assertTrue(JobDecider.decide(fresh, List.of(), Fixtures.CLOCK).createPod());

        String beside = BuildPodNames.podName(job.name(), job.updateTime());
        ObservedJob builtBeside =
                new ObservedJob(job, 1, new JobState(JobPhase.SUCCEEDED, beside, null, null, null, 1), true, "builds");
        JobReconcileDecision decision = JobDecider.decide(builtBeside, List.of(), Fixtures.CLOCK);
        assertTrue(decision.isNothing(), "a job built beside itself keeps its attempt when builds move: " + decision);
    }
}
