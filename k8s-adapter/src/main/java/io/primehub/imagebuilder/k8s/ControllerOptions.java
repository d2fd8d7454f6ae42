package io.primehub.imagebuilder.k8s;

import java.util.Objects;

/**
 * Which namespaces the controller watches and how many workers reconcile each kind.
 *
 * @param namespace the one namespace to watch, or {@code ""} for all namespaces
 * @param workers   reconcile threads per kind (specs and jobs each get this many)
 */
public record ControllerOptions(String namespace, int workers) {

    public ControllerOptions {
        namespace = Objects.requireNonNullElse(namespace, "");
        if (workers < 1) {
            throw new IllegalArgumentException("the controller needs at least one worker, not " + workers);
        }
    }

    /** All namespaces, 2 workers. */
    public static ControllerOptions defaults() {
        return new ControllerOptions("", 2);
    }

    public boolean allNamespaces() {
        return namespace.isEmpty();
    }
}
