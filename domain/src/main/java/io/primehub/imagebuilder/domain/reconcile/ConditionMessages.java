package io.primehub.imagebuilder.domain.reconcile;

import java.util.List;

/**
 * Fits the message of a condition, and any text put into one, within {@link #MAX_LENGTH}. The CRDs allow a
 * condition's {@code message} 32 KiB (32,768 characters); the API server refuses a longer one, and with it the whole
 * status write, so the status would stay stale. Every {@link Condition} passes its message through {@link #fit}; a
 * list (the problems of an invalid spec) is cut on whole items by {@link #listing}, saying how many were left out.
 *
 * <p>A cut never falls inside a surrogate pair, and an unpaired surrogate becomes U+FFFD, so that every message is
 * valid UTF-8.
 */
public final class ConditionMessages {

    /**
     * Longest message, in UTF-16 units: at most 8,192 characters and 24 KiB of UTF-8, a quarter of the CRDs'
     * 32 KiB however the API server counts.
     */
    public static final int MAX_LENGTH = 8 * 1024;

    private static final String LISTING_SEPARATOR = "; ";
    private static final char REPLACEMENT = '\uFFFD';

    private ConditionMessages() {}

    /** {@code text} within {@link #MAX_LENGTH}. */
    public static String fit(String text) {
        return fit(text, MAX_LENGTH);
    }

    /** {@code text} within {@code max} characters: cut at its end, noting its whole length. */
    public static String fit(String text, int max) {
        String clean = wellFormed(text);
        if (clean.length() <= max) {
            return clean;
        }
        String note = "... (" + clean.length() + " characters in all)";
        return head(clean, max - note.length()) + note;
    }

    /** The end of {@code text} within {@code max} characters, after "...": for a log, whose last lines say most. */
    public static String tail(String text, int max) {
        String clean = wellFormed(text);
        if (clean.length() <= max) {
            return clean;
        }
        int start = clean.length() - (max - 3);
        if (Character.isLowSurrogate(clean.charAt(start))) {
            start++;
        }
        return "..." + clean.substring(start);
    }

    /**
     * {@code head} then {@code items} joined by "; ", within {@link #MAX_LENGTH}: as many items as fit, each whole, in
     * order, then "; ... and 150 more problems" (with {@code noun} "problem") for the ones left out.
     */
    public static String listing(String head, List<String> items, String noun) {
        StringBuilder out = new StringBuilder(wellFormed(head));
        for (int i = 0; i < items.size(); i++) {
            String item = (i == 0 ? "" : LISTING_SEPARATOR) + wellFormed(items.get(i));
            int leftAfter = items.size() - i - 1;
            int room = MAX_LENGTH
                    - out.length()
                    - (leftAfter == 0 ? 0 : more(leftAfter, noun).length());
            if (item.length() > room) {
                String more = more(items.size() - i, noun);
                out.append(i == 0 ? more.substring(LISTING_SEPARATOR.length()) : more);
                return fit(out.toString());
            }
            out.append(item);
        }
        return fit(out.toString());
    }

    private static String more(int count, String noun) {
        return LISTING_SEPARATOR + "... and " + count + " more " + noun + (count == 1 ? "" : "s");
    }

    /** The first {@code length} units of {@code text}, one fewer when the last would be the first half of a pair. */
    private static String head(String text, int length) {
        int end = Math.max(length, 0);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** {@code text} with every unpaired surrogate replaced by U+FFFD, which UTF-8 can encode. */
    private static String wellFormed(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append(REPLACEMENT);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
