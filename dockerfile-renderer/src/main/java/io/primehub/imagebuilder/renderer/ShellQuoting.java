package io.primehub.imagebuilder.renderer;

import java.util.Objects;

/** Turns any text into exactly one word of a POSIX shell command line. */
public final class ShellQuoting {

    private ShellQuoting() {}

    /**
     * The text in POSIX single quotes, so that a shell reads it back as one word, unchanged:
     * {@code numpy>=1.26} becomes {@code 'numpy>=1.26'}. Nothing is special inside single quotes except the
     * closing quote itself, so each {@code '} in the text is written as {@code '"'"'} (close, a double-quoted
     * quote, reopen). Every text is quoted, even a plain word, so that the output does not depend on which
     * characters a shell happens to treat specially.
     *
     * @throws IllegalArgumentException when the text holds a NUL character, which no shell word can carry
     */
    public static String quote(String text) {
        Objects.requireNonNull(text, "text");
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell word cannot contain a NUL character");
        }
        return "'" + text.replace("'", "'\"'\"'") + "'";
    }
}
