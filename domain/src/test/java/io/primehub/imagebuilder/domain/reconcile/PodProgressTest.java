package io.primehub.imagebuilder.domain.reconcile;

import static io.primehub.imagebuilder.domain.reconcile.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.JobPhase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodProgressTest {

    @ParameterizedTest
    @CsvSource({
        "10, InitFailed",
        "20, PullFailed",
        "30, BuildFailed",
        "40, PushFailed",
        "1, PodFailed",
        "137, PodFailed"
    })
    void mapsEachExitCodeOfTheBuildScriptToItsReason(int exitCode, String reason) {
        ObservedPod pod =
                new ObservedPod("p", "Failed", "", "", NOW, new PodTermination(exitCode, "Error", "", NOW), false);
        PodProgress progress = PodProgress.of(pod, "img", NOW);
        assertEquals(JobPhase.FAILED, progress.phase());
        assertEquals(reason, progress.reason().wireName());
    }

    @Test
    void aPodStoppedAtItsDeadlineReportsDeadlineExceeded() {
        ObservedPod pod =
                new ObservedPod("p", "Failed", "DeadlineExceeded", "Pod was active too long", NOW, null, false);
        assertEquals(
                BuildReason.DEADLINE_EXCEEDED, PodProgress.of(pod, "img", NOW).reason());
    }

    @Test
    void aLongLogTailIsCutToItsEnd() {
        String log = "x".repeat(5000) + "error: build: E: Unable to locate package nosuch";
        ObservedPod pod = new ObservedPod("p", "Failed", "", "", NOW, new PodTermination(30, "Error", log, NOW), false);
        String message = PodProgress.of(pod, "img", NOW).message();
        assertTrue(message.length() < 1200, "length " + message.length());
        assertTrue(message.endsWith("Unable to locate package nosuch"), message);
    }

    @Test
    void aLogTailCutInsideASurrogatePairIsStillValidUtf8() throws Exception {
        for (int shift = 0; shift < 2; shift++) {
            String log = "\uD83D\uDE80".repeat(3000) + "x".repeat(shift);
            ObservedPod pod =
                    new ObservedPod("p", "Failed", "", "", NOW, new PodTermination(30, "Error", log, NOW), false);
            ConditionMessagesTest.assertValidUtf8(
                    PodProgress.of(pod, "img", NOW).message());
        }
    }

    @Test
    void aPendingOrUnknownPodKeepsTheJobPending() {
        assertEquals(
                JobPhase.PENDING,
                PodProgress.of(Fixtures.pod("p", "Pending"), "img", NOW).phase());
        assertEquals(
                JobPhase.PENDING,
                PodProgress.of(Fixtures.pod("p", "Unknown"), "img", NOW).phase());
    }

    private static final String DIGEST = "sha256:" + "ab12".repeat(16);

    private static PodProgress succeeded(String terminationMessage) {
        ObservedPod pod = new ObservedPod(
                "p", "Succeeded", "", "", NOW, new PodTermination(0, "Completed", terminationMessage, NOW), false);
        return PodProgress.of(pod, "127.0.0.1:5000/team/curl:0a1b2c3d", NOW);
    }

    @Test
    void aSuccessCarriesTheDigestItsBuildReportedForTheImageItPushed() {
        PodProgress progress = succeeded("pushed: 127.0.0.1:5000/team/curl:0a1b2c3d@" + DIGEST + "\n");
        assertEquals(JobPhase.SUCCEEDED, progress.phase());
        assertEquals(DIGEST, progress.imageDigest());
    }

    @Test
    void noDigestIsTakenForAnotherImageOrFromAMessageThatIsNotTheScriptsLine() {
        assertEquals(
                "",
                succeeded("pushed: 127.0.0.1:5000/team/other:0a1b2c3d@" + DIGEST)
                        .imageDigest(),
                "another image's digest");
        assertEquals(
                "",
                succeeded("pushed: 127.0.0.1:5000/team/curl:0a1b2c3d@sha256:short")
                        .imageDigest(),
                "not a SHA-256 digest");
        assertEquals("", succeeded("pushed").imageDigest(), "a build that reports none (PrimeHub's)");
        assertEquals("", succeeded("").imageDigest());
        assertEquals(
                "",
                succeeded("x pushed: 127.0.0.1:5000/team/curl:0a1b2c3d@" + DIGEST)
                        .imageDigest(),
                "only a whole line counts");
    }

    @Test
    void aFailureCarriesNoDigest() {
        ObservedPod pod = new ObservedPod(
                "p",
                "Failed",
                "",
                "",
                NOW,
                new PodTermination(40, "Error", "pushed: 127.0.0.1:5000/team/curl:0a1b2c3d@" + DIGEST, NOW),
                false);
        assertEquals(
                "",
                PodProgress.of(pod, "127.0.0.1:5000/team/curl:0a1b2c3d", NOW).imageDigest());
    }
}
