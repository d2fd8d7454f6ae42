package io.primehub.imagebuilder.k8s.controller;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

    private static ApiException refused(int code, String message) {
        return new ApiException(
                code, Map.of(), "{\"kind\":\"Status\",\"code\":" + code + ",\"message\":\"" + message + "\"}");
    }

    @Test
    void aRefusalThatOnlyAChangeOfTheClusterCanLiftIsPermanent() {
        assertTrue(ApiErrors.isPermanent(
                refused(403, "pods \\\"p\\\" is forbidden: violates PodSecurity \\\"restricted:latest\\\"")));
        assertTrue(ApiErrors.isPermanent(refused(422, "Pod \\\"p\\\" is invalid")));
        assertFalse(ApiErrors.isPermanent(refused(409, "already exists")));
        assertFalse(ApiErrors.isPermanent(refused(500, "etcdserver: request timed out")));
    }

    @Test
    void anExceededQuotaIsNotPermanent() {
        assertFalse(
                ApiErrors.isPermanent(
                        refused(
                                403,
                                "pods \\\"p\\\" is forbidden: exceeded quota: builds, requested: cpu=500m, used: cpu=2, limited: cpu=2")));
    }
}
