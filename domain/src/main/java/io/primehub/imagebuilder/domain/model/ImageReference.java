package io.primehub.imagebuilder.domain.model;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference, parsed by the grammar of the distribution project's {@code reference}
 * package: {@code [domain[:port]/]path[:tag][@digest]}. Only ASCII is accepted, so a look-alike letter
 * cannot pass for a real one.
 *
 * @param domain the registry host with its optional port, empty when the reference names none (Docker Hub)
 * @param path   the repository path, lower-case components separated by '/'
 * @param tag    the tag, empty when there is none
 * @param digest the digest such as {@code sha256:<64 hex>}, empty when there is none
 */
public record ImageReference(String domain, String path, String tag, String digest) {

    /** Longest repository name, domain included, that the distribution spec allows. */
    public static final int MAX_NAME_LENGTH = 255;

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
    private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String HOST = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")";
    private static final String DOMAIN = HOST + "(?::[0-9]+)?";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    private static final String PATH = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    private static final Pattern REFERENCE = Pattern.compile(
            "(?:(?<domain>" + DOMAIN + ")/)?(?<path>" + PATH + ")(?::(?<tag>" + TAG + "))?(?:@(?<digest>" + DIGEST + "))?");
    private static final Pattern NAME = Pattern.compile("(?:(?<domain>" + DOMAIN + ")/)?(?<path>" + PATH + ")");
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern TAG_ONLY = Pattern.compile(TAG);

    public ImageReference {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
    }

    /** Parses a full reference, or throws {@link IllegalArgumentException} with the reason. */
    public static ImageReference parse(String text) {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("\"" + text + "\" " + problem.get());
        }
        return split(text);
    }

    public static Optional<ImageReference> tryParse(String text) {
        return problem(text).isPresent() ? Optional.empty() : Optional.of(split(text));
    }

    /** Splits a reference that {@link #problem} accepted. */
    private static ImageReference split(String text) {
        Matcher m = REFERENCE.matcher(text);
        if (!m.matches()) {
            throw new IllegalStateException("split is only called on valid references");
        }
        String domain = nonNull(m.group("domain"));
        String path = m.group("path");
        if (!domain.isEmpty() && !looksLikeDomain(domain)) {
            // "jupyter/base-notebook": the first component is a path component, not a registry.
            path = domain + "/" + path;
            domain = "";
        }
        return new ImageReference(domain, path, nonNull(m.group("tag")), nonNull(m.group("digest")));
    }

    /** Why {@code text} is not a valid image reference, or empty when it is. */
    public static Optional<String> problem(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.of("is empty; an image reference such as \"jupyter/base-notebook:latest\" is required");
        }
        Matcher m = REFERENCE.matcher(text);
        if (!m.matches()) {
            return Optional.of("is not a valid image reference ([registry[:port]/]path[:tag][@sha256:digest], "
                    + "lower-case path, ASCII only)");
        }
        String domain = nonNull(m.group("domain"));
        String name = (domain.isEmpty() ? "" : domain + "/") + m.group("path");
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("has a repository name longer than " + MAX_NAME_LENGTH + " characters");
        }
        String digest = nonNull(m.group("digest"));
        if (digest.startsWith("sha256:") && !SHA256.matcher(digest).matches()) {
            return Optional.of("has a sha256 digest that is not 64 lower-case hex characters");
        }
        return Optional.empty();
    }

    /** Why {@code text} is not a valid repository name without tag or digest (such as a repo prefix), or empty. */
    public static Optional<String> nameProblem(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.of("is empty");
        }
        Matcher m = NAME.matcher(text);
        if (!m.matches()) {
            return Optional.of("is not a valid repository name ([registry[:port]/]path, lower-case, no tag)");
        }
        if (text.length() > MAX_NAME_LENGTH) {
            return Optional.of("is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return Optional.empty();
    }

    public static boolean isValidTag(String tag) {
        return tag != null && TAG_ONLY.matcher(tag).matches();
    }

    /**
     * The first component is a registry only when it looks like one, as Docker decides: it has a '.' or a
     * ':' or is {@code localhost}, or has upper case (which a path may not).
     */
    private static boolean looksLikeDomain(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost")
                || !component.equals(component.toLowerCase(java.util.Locale.ROOT));
    }

    /** The repository name: domain and path, no tag or digest. */
    public String name() {
        return domain.isEmpty() ? path : domain + "/" + path;
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

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
