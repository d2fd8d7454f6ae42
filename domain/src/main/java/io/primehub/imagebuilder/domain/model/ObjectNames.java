package io.primehub.imagebuilder.domain.model;

import java.util.regex.Pattern;

/** Kubernetes object-name rules, and the deterministic names of what the controller creates. */
public final class ObjectNames {

    /** Longest name of a DNS-1123 subdomain: most object names, including {@code ImageSpec}s. */
    public static final int MAX_SUBDOMAIN_LENGTH = 253;
    /** Longest DNS-1123 label, and longest label value. */
    public static final int MAX_LABEL_LENGTH = 63;

    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int HASH_LENGTH = 8;

    private ObjectNames() {}

    /** Whether {@code name} is a valid DNS-1123 subdomain, as the names of Secrets and custom resources must be. */
    public static boolean isValidSubdomain(String name) {
        return name != null
                && name.length() <= MAX_SUBDOMAIN_LENGTH
                && SUBDOMAIN.matcher(name).matches();
    }

    /**
     * The name of the job of a spec's revision: {@code <spec name>-<revision>}, as PrimeHub names it.
     *
     * <p>A job's name is also its build pod's name prefix and a label value, so it is kept within 63
     * characters. When {@code <spec name>-<revision>} is longer, the spec name is cut: its first 45
     * characters (less any trailing '-' or '.'), then '-' and the first 8 hex characters of the SHA-1 of the
     * whole spec name, then '-' and the revision. Two long names that share a prefix still get different
     * job names, and the same spec always gets the same one.
     */
    public static String jobName(String specName, Revision revision) {
        return fitToLabel(specName, "-" + revision.value());
    }

    /**
     * The base of the names of a job's build objects in a build namespace that jobs of every namespace share:
     * {@code <namespace>-<job>-<6 hex of SHA-1(namespace/job)>}, cut to a label. The hash keeps {@code a-b}/{@code c}
     * and {@code a}/{@code b-c} apart.
     */
    public static String sharedName(String namespace, String jobName) {
        return fitToLabel(
                namespace + "-" + jobName,
                "-" + Sha1.hex(namespace + "/" + jobName).substring(0, 6));
    }

    /** A label value that identifies the spec: its name, or the cut form of {@link #jobName} when it is too long. */
    public static String specLabelValue(String specName) {
        return fitToLabel(specName, "");
    }

    private static String fitToLabel(String base, String suffix) {
        String whole = base + suffix;
        if (whole.length() <= MAX_LABEL_LENGTH) {
            return whole;
        }
        String hashPart = "-" + Sha1.hex(base).substring(0, HASH_LENGTH);
        int keep = MAX_LABEL_LENGTH - hashPart.length() - suffix.length();
        String prefix = base.substring(0, keep).replaceAll("[-.]+$", "");
        return prefix + hashPart + suffix;
    }
}
