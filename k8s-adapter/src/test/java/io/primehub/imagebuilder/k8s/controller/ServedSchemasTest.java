package io.primehub.imagebuilder.k8s.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.primehub.imagebuilder.domain.reconcile.StatusFields;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServedSchemasTest {

    /** The shape of the API server's OpenAPI v3 document of a CRD group: one schema per kind. */
    private static JsonObject document(String imageSpecStatus, String jobStatus) {
        return JsonParser.parseString("""
                {"openapi":"3.0.0","components":{"schemas":{
                  "io.primehub.v1alpha1.ImageSpec":{"type":"object",
                    "properties":{"spec":{"type":"object"},"status":{"type":"object","properties":%s}},
                    "x-kubernetes-group-version-kind":[{"group":"primehub.io","kind":"ImageSpec","version":"v1alpha1"}]},
                  "io.primehub.v1alpha1.ImageSpecJob":{"type":"object",
                    "properties":{"status":{"type":"object","properties":%s}},
                    "x-kubernetes-group-version-kind":[{"group":"primehub.io","kind":"ImageSpecJob","version":"v1alpha1"}]},
                  "io.primehub.v1alpha1.ImageSpecList":{"type":"object",
                    "x-kubernetes-group-version-kind":[{"group":"primehub.io","kind":"ImageSpecList","version":"v1alpha1"}]},
                  "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta":{"type":"object"}}}}
                """.formatted(imageSpecStatus, jobStatus)).getAsJsonObject();
    }

    @Test
    void thisProjectsSchemasKeepConditionsAndDigests() {
        assertEquals(
                Map.of("imagespecs", StatusFields.ALL, "imagespecjobs", StatusFields.ALL),
                ServedSchemas.of(document(
                        "{\"phase\":{\"type\":\"string\"},\"conditions\":{\"type\":\"array\"},"
                                + "\"imageDigest\":{\"type\":\"string\"}}",
                        "{\"podName\":{\"type\":\"string\"},\"conditions\":{\"type\":\"array\"},"
                                + "\"imageDigest\":{\"type\":\"string\"}}")));
    }

    @Test
    void thisProjectsEarlierSchemasKeepConditionsButNoDigest() {
        assertEquals(
                Map.of("imagespecs", StatusFields.WITHOUT_DIGEST, "imagespecjobs", StatusFields.WITHOUT_DIGEST),
                ServedSchemas.of(document(
                        "{\"phase\":{\"type\":\"string\"},\"conditions\":{\"type\":\"array\"}}",
                        "{\"podName\":{\"type\":\"string\"},\"conditions\":{\"type\":\"array\"}}")));
    }

    @Test
    void primeHubsSchemasKeepNone() {
        assertEquals(
                Map.of("imagespecs", StatusFields.PRIMEHUB, "imagespecjobs", StatusFields.PRIMEHUB),
                ServedSchemas.of(document(
                        "{\"phase\":{\"type\":\"string\"},\"image\":{\"type\":\"string\"}}",
                        "{\"phase\":{\"type\":\"string\"},\"podName\":{\"type\":\"string\"}}")));
    }

    @Test
    void aDocumentWithoutTheKindsSaysNothing() {
        assertEquals(
                Map.of(),
                ServedSchemas.of(JsonParser.parseString("{\"components\":{}}").getAsJsonObject()));
        assertEquals(Map.of(), ServedSchemas.of(new JsonObject()));
    }
}
