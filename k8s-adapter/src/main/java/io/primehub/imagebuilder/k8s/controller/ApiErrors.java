package io.primehub.imagebuilder.k8s.controller;

import io.kubernetes.client.openapi.ApiException;

/** HTTP status codes the reconcilers treat as outcomes rather than errors. */
final class ApiErrors {

    static final int NOT_FOUND = 404;
    static final int CONFLICT = 409;

    private ApiErrors() {
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

    /** 409: AlreadyExists on create, Conflict on a stale resourceVersion. */
    static boolean isConflict(ApiException e) {
        return e.getCode() == CONFLICT;
    }
}
