package io.primehub.imagebuilder.k8s.controller;

import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.kubernetes.client.openapi.ApiException;
import org.slf4j.Logger;

/** HTTP status codes the reconcilers treat as outcomes rather than errors. */
final class ApiErrors {

    static final int FORBIDDEN = 403;
    static final int NOT_FOUND = 404;
    static final int CONFLICT = 409;

    private ApiErrors() {}

    /** One reconcile step that talks to the API server. */
    interface Step {
        void run() throws ApiException;
    }

    /**
     * Runs a reconcile step and turns its outcome into the work queue's answer: done, or requeued with back-off.
     * A 409 means the object changed under the decision, so it is decided again; any other failure is logged.
     */
    static Result attempt(String kind, Request request, Logger log, Step step) {
        try {
            step.run();
            return new Result(false);
        } catch (ApiException e) {
            if (isConflict(e)) {
                log.debug("{} {} changed while it was reconciled; deciding again", kind, request);
            } else {
                log.warn(
                        "reconciling {} {} failed with HTTP {} ({}); will retry",
                        kind,
                        request,
                        e.getCode(),
                        message(e));
            }
            return new Result(true);
        } catch (RuntimeException e) {
            log.error("reconciling {} {} failed; will retry", kind, request, e);
            return new Result(true);
        }
    }

    /** The API server's message (a Status's {@code message}, which Kubernetes keeps free of secret data). */
    static String message(ApiException e) {
        String body = e.getResponseBody();
        if (body == null || body.isBlank()) {
            return e.getMessage() == null ? "" : e.getMessage();
        }
        try {
            var status = com.google.gson.JsonParser.parseString(body).getAsJsonObject();
            return status.has("message") ? status.get("message").getAsString() : "";
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    static boolean isNotFound(ApiException e) {
        return e.getCode() == NOT_FOUND;
    }

    /**
     * Whether the API server refused a request for good: 400 (bad request), 403 (forbidden: RBAC, Pod Security
     * admission), 413 (too large) or 422 (invalid: a LimitRange, a validation). Sending the same again cannot succeed
     * until someone changes the cluster; 409, 429, 5xx and a ResourceQuota's "exceeded quota" (403) can.
     */
    static boolean isPermanent(ApiException e) {
        if (e.getCode() == 403 && message(e).contains("exceeded quota")) {
            return false; // a ResourceQuota frees up as other builds end: back off and try again
        }
        return e.getCode() == 400 || e.getCode() == 403 || e.getCode() == 413 || e.getCode() == 422;
    }

    /** Runs a delete; an object already gone (404) is what was asked for. */
    static void unlessGone(Step delete) throws ApiException {
        try {
            delete.run();
        } catch (ApiException e) {
            if (!isNotFound(e)) {
                throw e;
            }
        }
    }

    /** 409: AlreadyExists on create, Conflict on a stale resourceVersion. */
    static boolean isConflict(ApiException e) {
        return e.getCode() == CONFLICT;
    }
}
