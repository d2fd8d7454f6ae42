package io.primehub.imagebuilder.k8s;

import java.util.Objects;

/**
 * Which namespaces the controller watches, how many workers reconcile each kind, and where build pods run.
 *
 * @param namespace      the one namespace to watch, or {@code ""} for all namespaces
 * @param workers        reconcile threads per kind (specs and jobs each get this many)
 * @param buildNamespace the namespace every build pod runs in, with the push secret there alone; {@code ""} runs each
 *                       build pod beside its job
 */
public record ControllerOptions(String namespace, int workers, String buildNamespace) {

    public ControllerOptions {
        namespace = Objects.requireNonNullElse(namespace, "");
        buildNamespace = Objects.requireNonNullElse(buildNamespace, "");
        if (workers < 1) {
            throw new IllegalArgumentException("the controller needs at least one worker, not " + workers);
        }
    }

    /** Build pods beside their jobs. */
    public ControllerOptions(String namespace, int workers) {
        this(namespace, workers, "");
    }

    /** All namespaces, 2 workers, build pods beside their jobs. */
    public static ControllerOptions defaults() {
        return new ControllerOptions("", 2, "");
    }

    /** Whether build pods run in one build namespace. */
    public boolean hasBuildNamespace() {
        return !buildNamespace.isEmpty();
    }

    /** The namespace whose pods the controller watches: the build namespace, or the watched one(s). */
    public String podNamespace() {
        return hasBuildNamespace() ? buildNamespace : namespace;
    }

    public boolean allNamespaces() {
        return namespace.isEmpty();
    }
}
