package io.primehub.imagebuilder.domain.validation;

import io.primehub.imagebuilder.domain.model.PackageManager;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What each package manager accepts as one package, deliberately narrower than what the tool itself takes:
 * a name and a version constraint, never a URL, a path, an option or anything a shell would interpret.
 * Every pattern is ASCII-only, so a look-alike letter from another script is refused.
 */
public final class PackageRules {

    /** Longest package item accepted; real names and constraints are far shorter. */
    public static final int MAX_LENGTH = 200;

    /**
     * Most packages one manager may list. Its packages are installed by one {@code RUN} line, which the build's shell
     * gets as one argument: the kernel refuses an argument longer than 128 KiB ({@code MAX_ARG_STRLEN}), and 10,000
     * packages exceed it.
     */
    public static final int MAX_PACKAGES = 500;

    /**
     * Longest list of one manager's packages, joined by single spaces. Shell-quoted on the built-in template's
     * {@code RUN} line (two quotes each) it makes at most 33,768 characters; a template that installs all three
     * lists on one line stays under 100 KiB, well within the kernel's 128 KiB for one argument.
     */
    public static final int MAX_LIST_LENGTH = 32 * 1024;

    // Debian policy 5.6.1: lower case, digits, '+', '-', '.'; at least two characters, starting alphanumeric.
    private static final String APT_NAME = "[a-z0-9][a-z0-9+.-]+";
    private static final String APT_ARCH = "[a-z0-9][a-z0-9-]*";
    // Debian policy 5.6.12: [epoch:]upstream[-revision]; upstream starts with a digit.
    private static final String APT_VERSION = "(?:[0-9]+:)?[0-9][A-Za-z0-9.+~-]*";
    private static final Pattern APT = Pattern.compile(APT_NAME + "(?::" + APT_ARCH + ")?(?:=" + APT_VERSION + ")?");

    // PEP 508 names and extras, PEP 440 specifiers. No URLs (@), markers (;), options (-) or paths.
    private static final String PIP_NAME = "[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?";
    private static final String PIP_EXTRAS = "\\[ *" + PIP_NAME + "(?: *, *" + PIP_NAME + ")* *\\]";
    private static final String PIP_OPERATOR = "(?:===|~=|==|!=|<=|>=|<|>)";
    private static final String PIP_VERSION = "[A-Za-z0-9][A-Za-z0-9.*+!_-]*";
    private static final String PIP_SPECIFIER = PIP_OPERATOR + " *" + PIP_VERSION;
    private static final Pattern PIP = Pattern.compile(
            PIP_NAME + "(?: *" + PIP_EXTRAS + ")?(?: *" + PIP_SPECIFIER + "(?: *, *" + PIP_SPECIFIER + ")*)?");

    // conda match specs in their simple forms: [channel::]name[=version[=build]] or name<op>version[,<op>version].
    private static final String CONDA_CHANNEL = "[A-Za-z0-9][A-Za-z0-9._-]*";
    private static final String CONDA_NAME = "[A-Za-z0-9_][A-Za-z0-9._-]*";
    private static final String CONDA_VERSION = "[A-Za-z0-9*][A-Za-z0-9.*+!_]*";
    private static final String CONDA_BUILD = "[A-Za-z0-9_*][A-Za-z0-9._*]*";
    private static final String CONDA_OPERATOR = "(?:>=|<=|==|!=|~=|>|<)";
    private static final Pattern CONDA = Pattern.compile("(?:" + CONDA_CHANNEL + "::)?" + CONDA_NAME
            + "(?:=" + CONDA_VERSION + "(?:=" + CONDA_BUILD + ")?"
            + "|" + CONDA_OPERATOR + CONDA_VERSION + "(?:," + CONDA_OPERATOR + CONDA_VERSION + ")*)?");

    private PackageRules() {}

    /**
     * Why the packages {@code items} (empty entries left out) are too many or too long for one {@code RUN} line, or
     * empty when they fit.
     */
    public static Optional<String> listProblem(List<String> items) {
        if (items.size() > MAX_PACKAGES) {
            return Optional.of("lists " + items.size() + " packages; at most " + MAX_PACKAGES
                    + " per package manager (they are installed by one RUN line, which the kernel limits)");
        }
        long length = items.stream().mapToLong(String::length).sum() + Math.max(items.size() - 1, 0);
        if (length > MAX_LIST_LENGTH) {
            return Optional.of(
                    "has packages of " + length + " characters in all (joined by spaces); at most " + MAX_LIST_LENGTH
                            + " per package manager (they are installed by one RUN line, which the kernel limits)");
        }
        return Optional.empty();
    }

    /** Why {@code item} is not an acceptable package for {@code manager}, or empty when it is. */
    public static Optional<String> problem(PackageManager manager, String item) {
        if (item.isEmpty()) {
            return Optional.of("is empty");
        }
        if (item.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        return switch (manager) {
            case APT ->
                APT.matcher(item).matches()
                        ? Optional.empty()
                        : Optional.of(
                                "is not a valid apt package (name[:arch][=version], e.g. \"curl\" or \"git=1:2.39.5-0+deb12u1\")");
            case PIP ->
                PIP.matcher(item).matches()
                        ? Optional.empty()
                        : Optional.of(
                                "is not a valid pip requirement (name[extras][specifiers], e.g. \"requests[security]>=2.31,<3\"; "
                                        + "no URLs, options, paths or environment markers)");
            case CONDA ->
                CONDA.matcher(item).matches()
                        ? Optional.empty()
                        : Optional.of(
                                "is not a valid conda package ([channel::]name[=version[=build]] or name>=version, "
                                        + "e.g. \"conda-forge::numpy=1.26\")");
        };
    }
}
