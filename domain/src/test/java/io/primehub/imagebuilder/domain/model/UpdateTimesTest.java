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

    @Test
    void aRebuildIsAlwaysALaterTimeThanTheCurrentOne() {
        java.time.Instant now = java.time.Instant.parse("2026-12-01T08:00:00.400Z");
        assertEquals("2026-12-01T08:00:00Z", UpdateTimes.next("2026-11-30T08:00:00Z", now));
        assertEquals(
                "2026-12-01T08:00:01Z",
                UpdateTimes.next("2026-12-01T08:00:00.000Z", now),
                "a rebuild in the same second as the last update time");
        assertEquals("2026-12-01T09:00:01Z", UpdateTimes.next("2026-12-01T09:00:00Z", now), "a clock behind the spec");
        assertEquals("2026-12-01T08:00:00Z", UpdateTimes.next("", now));
        assertEquals("2026-12-01T08:00:00Z", UpdateTimes.next("not a time", now));
    }
}
