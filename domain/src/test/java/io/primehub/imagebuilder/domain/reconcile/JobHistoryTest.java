package io.primehub.imagebuilder.domain.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobPhase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobHistoryTest {

    /** Job {@code i} of a spec: revision {@code pkg-i}. */
    private static ObservedJob job(int i, JobPhase phase) {
        ImageSpec spec = Fixtures.spec(List.of("pkg-" + i), String.format("2026-11-27T10:%02d:00Z", i));
        ImageSpecJob job = Fixtures.job(spec);
        return new ObservedJob(job, 1, new JobState(phase, "p" + i, null, null, null, 1));
    }

    /** {@code count} finished jobs, the newest (highest number) first, as the caller orders them. */
    private static List<ObservedJob> jobs(int count) {
        List<ObservedJob> jobs = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            jobs.add(job(i, JobPhase.FAILED));
        }
        return jobs;
    }

    @Test
    void keepsTheNewestAndPrunesTheOldest() {
        List<ObservedJob> jobs = jobs(12);
        assertEquals(
                List.of(jobs.get(10).name(), jobs.get(11).name()),
                JobHistory.toPrune(jobs, SpecState.NEW, 10),
                "the two oldest");
        assertEquals(List.of(), JobHistory.toPrune(jobs(10), SpecState.NEW, 10));
    }

    @Test
    void neverPrunesAnUnfinishedJobTheSpecsCurrentJobOrTheJobBehindItsImage() {
        List<ObservedJob> jobs = jobs(5); // jobs 4, 3, 2, 1, 0
        jobs.set(4, job(0, JobPhase.RUNNING));
        jobs.set(3, job(1, JobPhase.SUCCEEDED));
        SpecState spec =
                new SpecState("Failed", jobs.get(2).name(), jobs.get(3).job().pushedImage(), null, 1);
        assertEquals(
                List.of(),
                JobHistory.toPrune(jobs, spec, 2),
                "job 0 runs, job 1 pushed the spec's image, job 2 is the spec's own; 4 and 3 are the newest two");
        assertEquals(List.of(jobs.get(1).name()), JobHistory.toPrune(jobs, spec, 1), "job 3 goes");
    }

    @Test
    void aSpecKeepsAtLeastOneJob() {
        assertThrows(IllegalArgumentException.class, () -> JobHistory.toPrune(jobs(2), SpecState.NEW, 0));
    }

    @Test
    void theJobBehindTheSpecsImageStaysAfterARebuildOfItFailed() {
        List<ObservedJob> jobs = jobs(3); // jobs 2, 1, 0
        SpecState spec =
                new SpecState("Failed", jobs.get(0).name(), jobs.get(2).job().pushedImage(), null, 1);
        assertEquals(
                List.of(jobs.get(1).name()),
                JobHistory.toPrune(jobs, spec, 1),
                "job 0 failed its rebuild, but the spec's image is still the one it pushed before");
    }
}
