package io.primehub.imagebuilder.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void aDockerHubNameHasNoDomain() {
        ImageReference ref = ImageReference.parse("jupyter/base-notebook");
        assertEquals("", ref.domain());
        assertEquals("jupyter/base-notebook", ref.path());
        assertEquals("", ref.tag());
    }

    @Test
    void aRegistryWithPortTagAndDigestIsSplit() {
        ImageReference ref = ImageReference.parse("127.0.0.1:5000/team/base:bookworm@" + DIGEST);
        assertEquals("127.0.0.1:5000", ref.domain());
        assertEquals("team/base", ref.path());
        assertEquals("bookworm", ref.tag());
        assertEquals(DIGEST, ref.digest());
        assertEquals("127.0.0.1:5000/team/base:bookworm@" + DIGEST, ref.toString());
    }

    @Test
    void localhostAndDottedFirstComponentsAreRegistries() {
        assertEquals("localhost", ImageReference.parse("localhost/base").domain());
        assertEquals("registry.example", ImageReference.parse("registry.example/base:1").domain());
        assertEquals("[::1]:5000", ImageReference.parse("[::1]:5000/base").domain());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ubuntu", "ubuntu:22.04", "library/ubuntu:latest", "my-registry.local:5000/a/b/c:v1.2.3",
        "jupyter/base-notebook@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "a__b/c-d--e.f:tag_1", "Registry.Example/path"
    })
    void acceptsValidReferences(String reference) {
        assertTrue(ImageReference.problem(reference).isEmpty(), reference);
        assertEquals(reference, ImageReference.parse(reference).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "Ubuntu", "ubuntu:", "ubuntu:-tag", "ubuntu@sha256:abc", "ubuntu@sha256:" + "A0000000000000000000000000000000000000000000000000000000000000000",
        "ubuntu latest", "ubuntu\nRUN rm -rf /", "ubuntu;rm", "$(whoami)/x", "ubunt\u0443", "-ubuntu", "ubuntu/", "/ubuntu",
        "a//b", "a..b/c", "a_-b"
    })
    void rejectsInvalidReferences(String reference) {
        assertTrue(ImageReference.problem(reference).isPresent(), reference);
        assertTrue(ImageReference.tryParse(reference).isEmpty(), reference);
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(reference));
    }

    @Test
    void rejectsNamesLongerThan255Characters() {
        String name = "r.example/" + "a".repeat(250);
        assertTrue(ImageReference.problem(name).orElseThrow().contains("longer than 255"));
    }

    @Test
    void tagIsLimitedTo128Characters() {
        assertTrue(ImageReference.problem("base:" + "t".repeat(128)).isEmpty());
        assertFalse(ImageReference.problem("base:" + "t".repeat(129)).isEmpty());
    }

    @Test
    void repositoryNamesHaveNoTag() {
        assertTrue(ImageReference.nameProblem("127.0.0.1:5000/team").isEmpty());
        assertTrue(ImageReference.nameProblem("gcr.example/infuseai").isEmpty());
        assertTrue(ImageReference.nameProblem("team:tag").isPresent());
        assertTrue(ImageReference.nameProblem("Foo Bar").isPresent());
    }
}
