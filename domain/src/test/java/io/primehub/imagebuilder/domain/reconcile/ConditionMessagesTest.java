package io.primehub.imagebuilder.domain.reconcile;

import static io.primehub.imagebuilder.domain.reconcile.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every message a condition carries fits the CRDs' 32 KiB for {@code message}, and is valid UTF-8. */
class ConditionMessagesTest {

    /** The CRDs' {@code maxLength} of a condition's message. */
    private static final int CRD_MAX_LENGTH = 32 * 1024;

    private static final String EMOJI = "\uD83D\uDE80";

    @Test
    void theCapIsWellUnderTheCrdLimitInCharactersAndInUtf8Bytes() {
        assertTrue(ConditionMessages.MAX_LENGTH * 3 <= CRD_MAX_LENGTH, "3 UTF-8 bytes at most per UTF-16 unit");
    }

    @Test
    void aShortMessageIsKeptAsItIs() {
        assertEquals("job x is building", ConditionMessages.fit("job x is building"));
        assertEquals("", ConditionMessages.fit(""));
    }

    @Test
    void aLongMessageIsCutAtItsEndAndSaysHowLongItWas() {
        String fitted = ConditionMessages.fit("a".repeat(100_000));
        assertTrue(fitted.length() <= ConditionMessages.MAX_LENGTH, "length " + fitted.length());
        assertTrue(fitted.startsWith("aaaa"));
        assertTrue(fitted.endsWith("... (100000 characters in all)"), fitted.substring(fitted.length() - 40));
    }

    @Test
    void noCutSplitsASurrogatePair() throws CharacterCodingException {
        for (int shift = 0; shift < 4; shift++) {
            String text = "a".repeat(shift) + EMOJI.repeat(ConditionMessages.MAX_LENGTH);
            assertValidUtf8(ConditionMessages.fit(text));
            assertValidUtf8(ConditionMessages.tail(text, 1024));
            assertValidUtf8(ConditionMessages.fit(text, 1024));
        }
    }

    @Test
    void anUnpairedSurrogateBecomesTheReplacementCharacter() throws CharacterCodingException {
        String fitted = ConditionMessages.fit("a\uD83Db" + EMOJI + "\uDE80");
        assertEquals("a\uFFFDb" + EMOJI + "\uFFFD", fitted);
        assertValidUtf8(fitted);
    }

    @Test
    void aTailKeepsTheEnd() {
        String tail = ConditionMessages.tail("x".repeat(5000) + "the end", 100);
        assertTrue(tail.length() <= 100, "length " + tail.length());
        assertTrue(tail.startsWith("..."));
        assertTrue(tail.endsWith("the end"));
        assertEquals("short", ConditionMessages.tail("short", 100));
    }

    @Test
    void aListingKeepsTheFirstItemsWholeAndCountsTheRest() {
        List<String> items = IntStream.range(0, 200)
                .mapToObj(i -> "item " + i + " " + "x".repeat(180))
                .toList();
        String listing = ConditionMessages.listing("200 problems: ", items, "problem");
        assertTrue(listing.length() <= ConditionMessages.MAX_LENGTH, "length " + listing.length());
        assertTrue(listing.startsWith("200 problems: item 0 "), listing);
        String shown = listing.substring("200 problems: ".length(), listing.lastIndexOf("; ... and "));
        List<String> parts = List.of(shown.split("; "));
        assertEquals(items.subList(0, parts.size()), parts, "whole items, in order");
        assertTrue(listing.endsWith("; ... and " + (200 - parts.size()) + " more problems"), listing);
        assertTrue(parts.size() > 10, "as many as fit: " + parts.size());
    }

    @Test
    void aListingThatFitsIsWhole() {
        assertEquals("2 problems: a; b", ConditionMessages.listing("2 problems: ", List.of("a", "b"), "problem"));
        String oneLeft = ConditionMessages.listing(
                "", List.of("a".repeat(ConditionMessages.MAX_LENGTH - 100), "b".repeat(200)), "problem");
        assertTrue(oneLeft.endsWith("; ... and 1 more problem"), oneLeft.substring(oneLeft.length() - 40));
    }

    @Test
    void everyConditionIsCappedWhereverItsMessageComesFrom() throws CharacterCodingException {
        Condition condition = new Condition(
                Condition.SUCCEEDED, ConditionStatus.FALSE, "BuildFailed", "a" + EMOJI.repeat(40_000), NOW, 1);
        assertTrue(condition.message().length() <= ConditionMessages.MAX_LENGTH);
        assertValidUtf8(condition.message());
        assertTrue(condition.message().getBytes(StandardCharsets.UTF_8).length <= CRD_MAX_LENGTH);
        assertFalse(condition.message().isEmpty());
    }

    static void assertValidUtf8(String text) throws CharacterCodingException {
        ByteBuffer bytes = StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(text));
        assertTrue(bytes.remaining() > 0 || text.isEmpty());
    }
}
