package io.primehub.imagebuilder.renderer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellQuotingTest {

    @Test
    void wrapsTextInSingleQuotes() {
        assertEquals("'numpy>=1.26'", ShellQuoting.quote("numpy>=1.26"));
    }

    @Test
    void quotesEvenAPlainWord() {
        assertEquals("'curl'", ShellQuoting.quote("curl"));
    }

    @Test
    void writesASingleQuoteAsCloseDoubleQuotedQuoteReopen() {
        assertEquals("'it'\"'\"'s'", ShellQuoting.quote("it's"));
    }

    @Test
    void quotesTheEmptyTextAsAnEmptyWord() {
        assertEquals("''", ShellQuoting.quote(""));
    }

    @Test
    void rejectsNulWhichNoShellWordCanHold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShellQuoting.quote("a\0b"));
        assertEquals("a shell word cannot contain a NUL character", e.getMessage());
    }

    @Test
    void rejectsNull() {
        assertThrows(NullPointerException.class, () -> ShellQuoting.quote(null));
    }

    /** Each text, quoted, then read back by a real shell as exactly one argument: byte for byte the same. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "numpy>=1.26",
                "pkg<2",
                "a b",
                "  leading and trailing  ",
                "it's",
                "''",
                "'\"'\"'",
                "\"double\"",
                "$(id)",
                "`id`",
                "${HOME}",
                "$HOME",
                "a;b",
                "a|b",
                "a&b",
                "a && b",
                "a\nb",
                "a\r\nb",
                "tab\there",
                "back\\slash",
                "trailing\\",
                "*",
                "?",
                "[a-z]*",
                "~",
                "~root",
                "!",
                "!!",
                "#comment",
                "-n",
                "--index-url=x",
                "p\u0430ndas",
                "\uff50\uff41\uff4e\uff44\uff41\uff53",
                "\u202eevil",
                "line\u2028sep",
                "emoji \ud83d\udc0d",
                "",
                "=",
                "a=b c"
            })
    void aRealShellReadsTheQuotedTextBackAsOneUnchangedWord(String text) {
        String script =
                "set -- " + ShellQuoting.quote(text) + "\n" + "printf '%s\\n' \"$#\"\n" + "printf '%s' \"$1\"\n";
        PosixShell.Result result = PosixShell.runScript(script);

        assertEquals(0, result.status(), result.err());
        byte[] expected = ("1\n" + text).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, result.out(), () -> "shell read back: " + result.outText());
    }
}
