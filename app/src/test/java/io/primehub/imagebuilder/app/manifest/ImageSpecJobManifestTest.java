package io.primehub.imagebuilder.app.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubernetes.client.openapi.JSON;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** {@code plan}'s YAML: every string reads back as the same string, in YAML 1.1 (kubectl's) and in YAML 1.2. */
class ImageSpecJobManifestTest {

    /** Strings that a YAML 1.1 or 1.2 reader, given them plain, would read as a number, boolean, null or date. */
    private static final List<String> TYPED_LOOKING = List.of(
            "0o17",
            "017",
            "0x1F",
            "0b101",
            "1e5",
            "12e3",
            "1_000",
            "+12",
            "-1.5",
            ".5",
            ".inf",
            "-.Inf",
            ".NaN",
            "12:30",
            "190:20:30",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "N",
            "True",
            "FALSE",
            "~",
            "null",
            "Null",
            "",
            "2026-11-27",
            "2026-11-27T00:00:00Z",
            "2026-11-27 10:00:00",
            "=",
            "<<");

    private static ImageSpecJob job(Packages packages, String namespace, String updateTime) {
        return new ImageSpecJob(
                namespace,
                "spec-0123abcd",
                "spec",
                new Revision("0123abcd"),
                "debian:bookworm",
                "",
                packages,
                "spec:0123abcd",
                "127.0.0.1:5000/team",
                "push-secret",
                updateTime);
    }

    @Test
    void everyStringThatLooksTypedIsQuotedAndReadsBackAsTheSameString() {
        String yaml = ImageSpecJobManifest.toYaml(
                job(new Packages(TYPED_LOOKING, TYPED_LOOKING, TYPED_LOOKING), "0o17", "2026-11-27T00:00:00Z"));

        // snakeyaml's SafeConstructor is a YAML 1.1 reader, as kubectl's is: it makes numbers, booleans and dates.
        Map<String, Object> read = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        Map<?, ?> spec = (Map<?, ?>) read.get("spec");
        Map<?, ?> packages = (Map<?, ?>) spec.get("packages");
        for (String manager : List.of("apt", "pip", "conda")) {
            assertEquals(TYPED_LOOKING, packages.get(manager), manager + " in\n" + yaml);
        }
        assertEquals("0o17", ((Map<?, ?>) read.get("metadata")).get("namespace"), yaml);
        assertEquals("2026-11-27T00:00:00Z", spec.get("updateTime"), yaml);
        // YAML 1.2 readers take 0o17 for 15: it must be quoted, not plain.
        assertTrue(yaml.contains("namespace: \"0o17\"\n"), yaml);
        for (String value : TYPED_LOOKING) {
            assertTrue(
                    yaml.contains("- \"" + value + "\"\n") || yaml.contains("- '" + value + "'\n"),
                    value + " is quoted in\n" + yaml);
        }
    }

    @Test
    void ordinaryStringsStayPlain() {
        String yaml = ImageSpecJobManifest.toYaml(
                job(new Packages(List.of("curl", "libssl3:amd64"), List.of("numpy>=1.26"), List.of()), "hub", ""));
        assertTrue(yaml.contains("  - curl\n"), yaml);
        assertTrue(yaml.contains("  - libssl3:amd64\n"), yaml);
        assertTrue(yaml.contains("repoPrefix: 127.0.0.1:5000/team\n"), yaml);
        assertTrue(yaml.contains("namespace: hub\n"), yaml);
    }

    /** {@code plan} and the controller share one mapping: what plan prints is what the controller sends, but the owner. */
    @Test
    void isTheResourceTheControllerSendsButForItsOwnerReference() throws Exception {
        ImageSpecJob job = job(new Packages(List.of("curl"), List.of("numpy>=1.26"), List.of()), "hub", "");

        JsonNode printed = new ObjectMapper(new YAMLFactory()).readTree(ImageSpecJobManifest.toYaml(job));
        ImageSpecResource owner = new ImageSpecResource();
        owner.getMetadata().name("spec").namespace("hub").uid("u1");
        ObjectNode sent =
                (ObjectNode) new ObjectMapper().readTree(JSON.serialize(ResourceMapping.toResource(job, owner)));
        ((ObjectNode) sent.get("metadata")).remove("ownerReferences");

        assertEquals(sent, printed);
        assertTrue(printed.at("/spec/updateTime").isMissingNode(), "no update time: none is sent");
        assertEquals(
                "",
                printed.at("/metadata/annotations/imagespecs.primehub.io~1build-attempt")
                        .asText("absent"));
        assertEquals(
                List.of("name", "namespace", "labels", "annotations"),
                iterable(printed.get("metadata").fieldNames()),
                "people read the name first");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
