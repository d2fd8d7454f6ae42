package io.primehub.imagebuilder.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobPhaseTest {

    @Test
    void pendingMayRunOrFinish() {
        for (JobPhase next : JobPhase.values()) {
            assertTrue(JobPhase.PENDING.canMoveTo(next), "Pending -> " + next);
        }
    }

    @Test
    void runningMayFinishButNotGoBackToPending() {
        assertFalse(JobPhase.RUNNING.canMoveTo(JobPhase.PENDING));
        assertTrue(JobPhase.RUNNING.canMoveTo(JobPhase.SUCCEEDED));
        assertTrue(JobPhase.RUNNING.canMoveTo(JobPhase.FAILED));
        assertTrue(JobPhase.RUNNING.canMoveTo(JobPhase.CANCELLED));
    }

    @ParameterizedTest
    @EnumSource(
            value = JobPhase.class,
            names = {"SUCCEEDED", "FAILED", "CANCELLED"})
    void aFinishedJobNeverMovesAgain(JobPhase finished) {
        assertTrue(finished.isFinished());
        assertTrue(finished.successors().isEmpty());
        for (JobPhase next : JobPhase.values()) {
            if (next != finished) {
                IllegalPhaseTransitionException e =
                        assertThrows(IllegalPhaseTransitionException.class, () -> finished.moveTo(next));
                assertTrue(e.getMessage().contains("a finished job never moves again"), e.getMessage());
                assertEquals(finished, e.from());
                assertEquals(next, e.to());
            }
        }
        assertEquals(finished, finished.moveTo(finished));
    }

    @Test
    void readsWireNamesAndTreatsEmptyAsPending() {
        assertEquals(JobPhase.PENDING, JobPhase.fromWire(""));
        assertEquals(JobPhase.PENDING, JobPhase.fromWire(null));
        for (JobPhase phase : JobPhase.values()) {
            assertEquals(phase, JobPhase.fromWire(phase.wireName()));
        }
        assertThrows(IllegalArgumentException.class, () -> JobPhase.fromWire("running"));
    }
}
