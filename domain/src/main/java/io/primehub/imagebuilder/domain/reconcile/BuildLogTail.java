package io.primehub.imagebuilder.domain.reconcile;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The end of a finished build's log as the controller keeps it after the pod: at most {@value #MAX_BYTES} bytes of
 * UTF-8, cut at a line start, with every secret of the registry credential replaced by {@code [redacted]} (as the
 * build script does with what it prints) before it is cut.
 */
public final class BuildLogTail {

    /** 64 KiB: what a ConfigMap holds easily, and more than the end of any failed step needs. */
    public static final int MAX_BYTES = 64 * 1024;

    static final String REDACTED = "[redacted]";

    private BuildLogTail() {}

    /** The kept tail of {@code log}; says how much was left out when it was cut. */
    public static String of(String log, List<String> secrets) {
        String text = log == null ? "" : log;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                text = text.replace(secret, REDACTED);
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BYTES) {
            return text;
        }
        int start = bytes.length - MAX_BYTES;
        while (start < bytes.length && (bytes[start] & 0xC0) == 0x80) {
            start++; // never begin inside a character
        }
        int newline = indexOf(bytes, (byte) '\n', start);
        if (newline >= 0 && newline + 1 < bytes.length) {
            start = newline + 1;
        }
        String kept = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        return "[the first " + start + " bytes of the log are not kept]\n" + kept;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
