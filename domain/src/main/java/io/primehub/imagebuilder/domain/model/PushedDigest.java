package io.primehub.imagebuilder.domain.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The digest a build reports for the image it pushed: the build script's line {@code pushed: <image>@sha256:<64 hex>}
 * (in a build pod's termination message, or a local build's termination log).
 */
public final class PushedDigest {

    private static final Pattern PUSHED = Pattern.compile("pushed: (\\S+)@(sha256:[0-9a-f]{64})");

    private PushedDigest() {}

    /**
     * The digest of the last whole line of {@code text} that says {@code image} was pushed; empty when there is none
     * (a line about another image, or not in that form, gives none).
     */
    public static Optional<String> in(String text, String image) {
        if (text == null || image == null) {
            return Optional.empty();
        }
        return text.lines()
                .map(String::strip)
                .map(PUSHED::matcher)
                .filter(Matcher::matches)
                .filter(m -> m.group(1).equals(image))
                .map(m -> m.group(2))
                .reduce((first, second) -> second);
    }
}
