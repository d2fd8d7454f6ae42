package io.primehub.imagebuilder.domain.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildLogTailTest {

    @Test
    void aShortLogIsKeptWholeWithItsSecretsRedacted() {
        assertEquals(
                "==> push\nerror: push: [redacted] refused\n",
                BuildLogTail.of("==> push\nerror: push: s3cr3t-pass refused\n", List.of("s3cr3t-pass")));
        assertEquals("", BuildLogTail.of(null, List.of()));
    }

    @Test
    void aLongLogKeepsItsLastBytesFromALineStartAndSaysSo() {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            log.append("line ").append(i).append(" \u00e9\u00e9\n");
        }
        log.append("error: build: E: Unable to locate package nosuch\n");
        String kept = BuildLogTail.of(log.toString(), List.of());
        String[] lines = kept.split("\n", -1);
        assertTrue(
                lines[0].startsWith("[the first ") && lines[0].endsWith(" bytes of the log are not kept]"), lines[0]);
        assertTrue(lines[1].startsWith("line "), "a whole line: " + lines[1]);
        assertTrue(kept.endsWith("error: build: E: Unable to locate package nosuch\n"), "the end is kept");
        assertTrue(kept.substring(kept.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8).length
                <= BuildLogTail.MAX_BYTES);
        assertFalse(kept.contains("\uFFFD"), "no character cut in two");
    }

    @Test
    void aSecretIsRedactedBeforeTheCutSoNoHalfOfItSurvives() {
        String secret = "It-0123456789abcdef";
        // one long line whose last 64 KiB begin inside the secret: cut first, its second half would survive
        String log = "x".repeat(100) + secret + "y".repeat(BuildLogTail.MAX_BYTES - 10);
        String kept = BuildLogTail.of(log, List.of(secret));
        assertFalse(kept.contains("6789abcdef"), () -> kept.substring(0, Math.min(kept.length(), 120)));
        assertFalse(BuildLogTail.of("a " + secret + " b", List.of(secret)).contains("0123"));
    }
}
