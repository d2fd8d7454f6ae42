package io.primehub.imagebuilder.domain.model;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference, {@code [domain[:port]/]path[:tag][@digest]}, parsed by the grammar of the
 * distribution project's {@code reference} package. Only ASCII is accepted, so a look-alike letter cannot pass for
 * a real one. The first component names a registry only when it looks like one, as Docker and buildah decide: it has
 * a '.' or a ':', or is {@code localhost}.
 *
 * <p>The text is measured before it is read ({@link #MAX_LENGTH}), then split by hand at the {@code @}, the last
 * {@code :} and the {@code /}s; each part is checked alone, a character at a time or by a pattern that repeats
 * single characters only. No check recurses or backtracks once per character of the input, whatever its length or
 * shape.
 *
 * <p>{@link #problem} is the grammar, which a kubelet pulls (the builder image). The build script's buildah (1.28)
 * pulls and pushes less: {@link #buildProblem} also refuses an IPv6 registry address ({@code [::1]:5000/x}), a tag
 * together with a digest, and a digest other than sha256, sha384 or sha512 (buildah's "invalid reference format").
 *
 * @param domain the registry host with its optional port, empty when the reference names none (Docker Hub)
 * @param path   the repository path, lower-case components separated by '/'
 * @param tag    the tag, empty when there is none
 * @param digest the digest such as {@code sha256:<64 hex>}, empty when there is none
 */
public record ImageReference(String domain, String path, String tag, String digest) {

    /**
     * Longest repository name, as Docker names it: the domain included, {@code docker.io/library/} for an official
     * Docker Hub image ({@code ubuntu} is {@code docker.io/library/ubuntu}, 24 characters).
     */
    public static final int MAX_NAME_LENGTH = 255;
    /** Longest tag. */
    public static final int MAX_TAG_LENGTH = 128;
    /**
     * Longest reference read at all, the build script's own bound. A valid one is shorter: a 255-character name with
     * a 128-character tag, or with a sha512 digest (7 + 128 characters), is at most 391.
     */
    public static final int MAX_LENGTH = 512;

    private static final String DOCKER_HUB = "docker.io";
    private static final String OFFICIAL_IMAGES = "library/";

    private static final Pattern DOMAIN_COMPONENT = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?");
    private static final Pattern IPV6_ADDRESS = Pattern.compile("\\[[a-fA-F0-9:]+\\]");
    private static final Pattern PORT = Pattern.compile("[0-9]+");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0," + (MAX_TAG_LENGTH - 1) + "}");
    private static final Pattern DIGEST_ALGORITHM_COMPONENT = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern DIGEST_HEX = Pattern.compile("[0-9a-fA-F]{32,}");
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern BUILDAH_DIGEST =
            Pattern.compile("sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128}");

    private static final String EMPTY =
            "is empty; an image reference such as \"jupyter/base-notebook:latest\" is required";
    private static final String NOT_A_REFERENCE =
            "is not a valid image reference ([registry[:port]/]path[:tag][@sha256:digest], "
                    + "lower-case path, ASCII only)";
    private static final String NOT_A_NAME =
            "is not a valid repository name ([registry[:port]/]path, lower-case, no tag)";
    private static final String IPV6 =
            "names its registry by an IPv6 address, which buildah cannot pull from or push to;"
                    + " name the registry by a host name";
    private static final String TAG_AND_DIGEST =
            "has both a tag and a digest, which buildah cannot pull; keep one of them";
    private static final String DIGEST_ALGORITHM = "has a digest buildah cannot pull: use sha256:, sha384: or sha512: "
            + "with 64, 96 or 128 lower-case hex characters";
    private static final int MAX_SHOWN = 80;

    public ImageReference {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
    }

    /** Parses a full reference, or throws {@link IllegalArgumentException} with the reason. */
    public static ImageReference parse(String text) {
        Reading reading = read(text);
        if (reading.problem() != null) {
            throw new IllegalArgumentException(shown(text) + " " + reading.problem());
        }
        return reading.reference();
    }

    public static Optional<ImageReference> tryParse(String text) {
        return Optional.ofNullable(read(text).reference());
    }

    /** Why {@code text} is not a valid image reference, or empty when it is. */
    public static Optional<String> problem(String text) {
        return Optional.ofNullable(read(text).problem());
    }

    /**
     * Why the build script cannot pull or push {@code text}: it is no image reference ({@link #problem}), or one that
     * buildah refuses (an IPv6 registry address, a tag with a digest, a digest algorithm it lacks). Empty when it can.
     */
    public static Optional<String> buildProblem(String text) {
        Reading reading = read(text);
        if (reading.problem() != null) {
            return Optional.of(reading.problem());
        }
        ImageReference reference = reading.reference();
        if (reference.domain().startsWith("[")) {
            return Optional.of(IPV6);
        }
        if (!reference.tag().isEmpty() && !reference.digest().isEmpty()) {
            return Optional.of(TAG_AND_DIGEST);
        }
        if (!reference.digest().isEmpty()
                && !BUILDAH_DIGEST.matcher(reference.digest()).matches()) {
            return Optional.of(DIGEST_ALGORITHM);
        }
        return Optional.empty();
    }

    /**
     * Why {@code text} is not a valid repository name without tag or digest, to push to (a repo prefix or push
     * repository), or empty. A name on an IPv6 registry address is refused: buildah cannot push there.
     */
    public static Optional<String> nameProblem(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.of("is empty");
        }
        if (text.length() > MAX_NAME_LENGTH) {
            return Optional.of("is longer than " + MAX_NAME_LENGTH + " characters");
        }
        Reading reading = readName(text, "", "", NOT_A_NAME, false);
        if (reading.problem() == null && reading.reference().domain().startsWith("[")) {
            return Optional.of(IPV6);
        }
        return Optional.ofNullable(reading.problem());
    }

    public static boolean isValidTag(String tag) {
        return tag != null && tag.length() <= MAX_TAG_LENGTH && TAG.matcher(tag).matches();
    }

    /** The repository name: domain and path, no tag or digest. */
    public String name() {
        return domain.isEmpty() ? path : domain + "/" + path;
    }

    /** The repository name as Docker and buildah complete it: {@code docker.io/library/ubuntu} for {@code ubuntu}. */
    public String canonicalName() {
        boolean dockerHub = domain.isEmpty() || domain.equals(DOCKER_HUB);
        if (!dockerHub) {
            return name();
        }
        return DOCKER_HUB + "/" + (path.indexOf('/') < 0 ? OFFICIAL_IMAGES + path : path);
    }

    public Optional<String> tagIfAny() {
        return tag.isEmpty() ? Optional.empty() : Optional.of(tag);
    }

    public Optional<String> digestIfAny() {
        return digest.isEmpty() ? Optional.empty() : Optional.of(digest);
    }

    @Override
    public String toString() {
        return name() + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
    }

    /** A reference, or why the text is none: exactly one of the two is set. */
    private record Reading(ImageReference reference, String problem) {

        static Reading failed(String problem) {
            return new Reading(null, problem);
        }
    }

    private static Reading read(String text) {
        if (text == null || text.isEmpty()) {
            return Reading.failed(EMPTY);
        }
        if (text.length() > MAX_LENGTH) {
            return Reading.failed(
                    "is " + text.length() + " characters long; an image reference has at most " + MAX_LENGTH);
        }
        String rest = text;
        String digest = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (digest.startsWith("sha256:") && !SHA256.matcher(digest).matches()) {
                return Reading.failed("has a sha256 digest that is not 64 lower-case hex characters");
            }
            if (!isDigest(digest)) {
                return Reading.failed(NOT_A_REFERENCE);
            }
        }
        String tag = "";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (tag.length() > MAX_TAG_LENGTH) {
                return Reading.failed("has a tag longer than " + MAX_TAG_LENGTH + " characters");
            }
            if (!TAG.matcher(tag).matches()) {
                return Reading.failed(NOT_A_REFERENCE);
            }
        }
        return readName(rest, tag, digest, NOT_A_REFERENCE, true);
    }

    /**
     * Reads {@code [domain/]path}. The first component is a registry only when it looks like one, as buildah decides:
     * it has a '.' or a ':', or is {@code localhost}.
     *
     * @param whole whether the name is a whole image's, whose length buildah counts as it completes it; a prefix is
     *              completed only with the name after it
     */
    private static Reading readName(String name, String tag, String digest, String notValid, boolean whole) {
        String domain = "";
        String path = name;
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (first.indexOf('.') >= 0 || first.indexOf(':') >= 0 || first.equals("localhost")) {
                domain = first;
                path = name.substring(slash + 1);
            }
        }
        if ((!domain.isEmpty() && !isDomain(domain)) || !isPath(path)) {
            return Reading.failed(notValid);
        }
        ImageReference reference = new ImageReference(domain, path, tag, digest);
        int length = reference.canonicalName().length();
        if (whole && length > MAX_NAME_LENGTH) {
            return Reading.failed("has a repository name longer than " + MAX_NAME_LENGTH + " characters (" + length
                    + ", as buildah names it: " + shown(reference.canonicalName()) + ")");
        }
        return new Reading(reference, null);
    }

    /**
     * {@code host[:port]}: dot-separated DNS labels, each starting and ending with a letter or digit, or an IPv6
     * address in brackets.
     */
    private static boolean isDomain(String domain) {
        int colon = domain.indexOf(':', domain.startsWith("[") ? Math.max(domain.indexOf(']'), 0) : 0);
        String host = colon < 0 ? domain : domain.substring(0, colon);
        if (colon >= 0 && !PORT.matcher(domain.substring(colon + 1)).matches()) {
            return false;
        }
        if (host.startsWith("[")) {
            return IPV6_ADDRESS.matcher(host).matches();
        }
        for (String label : host.split("\\.", -1)) {
            if (!DOMAIN_COMPONENT.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code algorithm:hex}: the algorithm is components of a letter then letters and digits, joined by one of
     * {@code -_+.}; at least 32 hex digits.
     */
    private static boolean isDigest(String digest) {
        int colon = digest.indexOf(':');
        if (colon < 0 || !DIGEST_HEX.matcher(digest.substring(colon + 1)).matches()) {
            return false;
        }
        for (String component : digest.substring(0, colon).split("[-_+.]", -1)) {
            if (!DIGEST_ALGORITHM_COMPONENT.matcher(component).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case components separated by '/'. */
    private static boolean isPath(String path) {
        for (String component : path.split("/", -1)) {
            if (!isPathComponent(component)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*}, checked a character at a time: runs of lower-case letters and digits,
     * joined by one '.', one or two '_', or any number of '-'.
     */
    private static boolean isPathComponent(String component) {
        int length = component.length();
        if (length == 0
                || !isLowerAlphanumeric(component.charAt(0))
                || !isLowerAlphanumeric(component.charAt(length - 1))) {
            return false;
        }
        int i = 0;
        while (i < length) {
            if (isLowerAlphanumeric(component.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < length && !isLowerAlphanumeric(component.charAt(i))) {
                i++;
            }
            if (!isSeparator(component.substring(start, i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeparator(String run) {
        return run.equals(".")
                || run.equals("_")
                || run.equals("__")
                || run.chars().allMatch(c -> c == '-');
    }

    private static boolean isLowerAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** The text in quotes for a message, cut after {@value #MAX_SHOWN} characters with its length noted. */
    private static String shown(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= MAX_SHOWN
                ? "\"" + text + "\""
                : "\"" + text.substring(0, MAX_SHOWN) + "...\" (" + text.length() + " characters)";
    }
}
