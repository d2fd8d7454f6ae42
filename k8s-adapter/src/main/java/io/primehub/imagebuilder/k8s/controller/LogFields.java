package io.primehub.imagebuilder.k8s.controller;

import io.kubernetes.client.extended.controller.reconciler.Request;
import org.slf4j.MDC;

/**
 * The fields every log line of a reconcile carries, in slf4j's MDC: the kind reconciled, the object's namespace and
 * name, and, where the reconciler knows it, the revision (the 8-hex hash of its base image and packages). A JSON
 * log layout writes them as fields ({@code PRIMEHUB_CUSTOM_IMAGE_LOG_FORMAT=json}); the reconcile's thread holds them
 * until the reconcile ends.
 */
final class LogFields {

    static final String KIND = "kind";
    static final String NAMESPACE = "namespace";
    static final String NAME = "name";
    static final String REVISION = "revision";

    private LogFields() {}

    /** Sets the kind, namespace and name of the reconcile that starts on this thread. */
    static void begin(String kind, Request request) {
        MDC.put(KIND, kind);
        MDC.put(NAMESPACE, request.getNamespace());
        MDC.put(NAME, request.getName());
    }

    /** Adds the revision of the object being reconciled. */
    static void revision(String revision) {
        if (revision != null && !revision.isEmpty()) {
            MDC.put(REVISION, revision);
        }
    }

    /** Clears what {@link #begin} and {@link #revision} set. */
    static void end() {
        MDC.remove(KIND);
        MDC.remove(NAMESPACE);
        MDC.remove(NAME);
        MDC.remove(REVISION);
    }
}
