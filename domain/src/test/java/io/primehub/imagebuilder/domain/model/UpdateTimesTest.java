package io.primehub.imagebuilder.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpdateTimesTest {

    @ParameterizedTest
    @CsvSource({
            // what PrimeHub's console writes, what PrimeHub's controller copies to the job, an older console
            "2026-12-01T08:00:00.000Z, 2026-12-01T08:00:00Z",
            "2026-12-01T08:00:00Z, 2026-12-01T08:00:00Z",
            "2026-12-01T08:00:00.123456Z, 2026-12-01T08:00:00Z",
            "2026-12-01T16:00:00+08:00, 2026-12-01T08:00:00Z",
    })
    void spellsEveryTimeOneWayInUtcAtWholeSeconds(String written, String canonical) {
        assertEquals(canonical, UpdateTimes.canonical(written));
    }

    @Test
    void theConsolesAndTheControllersSpellingsAreTheSameTime() {
        assertTrue(UpdateTimes.same("2026-12-01T08:00:00.000Z", "2026-12-01T08:00:00Z"));
        assertTrue(UpdateTimes.same("2026-12-01T08:00:00.999Z", "2026-12-01T08:00:00Z"));
        assertFalse(UpdateTimes.same("2026-12-01T08:00:01Z", "2026-12-01T08:00:00Z"));
    }

    @Test
    void emptyIsEmptyAndTextThatIsNoTimeIsComparedAsWritten() {
        assertEquals("", UpdateTimes.canonical(null));
        assertEquals("", UpdateTimes.canonical(" "));
        assertEquals("rebuild-please", UpdateTimes.canonical("rebuild-please"));
        assertTrue(UpdateTimes.same(null, ""));
        assertFalse(UpdateTimes.same("t1", "t2"));
    }
}
