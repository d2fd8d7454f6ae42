package io.primehub.imagebuilder.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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
        assertEquals(
                "registry.example",
                ImageReference.parse("registry.example/base:1").domain());
        assertEquals(
                "127.0.0.1:5000", ImageReference.parse("127.0.0.1:5000/base").domain());
        assertEquals("[::1]:5000", ImageReference.parse("[::1]:5000/base").domain());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ubuntu",
                "ubuntu:22.04",
                "library/ubuntu:latest",
                "my-registry.local:5000/a/b/c:v1.2.3",
                "jupyter/base-notebook@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "a__b/c-d--e.f:tag_1",
                "Registry.Example/path"
            })
    void acceptsValidReferences(String reference) {
        assertTrue(ImageReference.problem(reference).isEmpty(), reference);
        assertEquals(reference, ImageReference.parse(reference).toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Ubuntu",
                "ubuntu:",
                "ubuntu:-tag",
                "ubuntu@sha256:abc",
                "ubuntu@sha256:" + "A0000000000000000000000000000000000000000000000000000000000000000",
                "ubuntu latest",
                "ubuntu\nRUN rm -rf /",
                "ubuntu;rm",
                "$(whoami)/x",
                "ubunt\u0443",
                "-ubuntu",
                "ubuntu/",
                "/ubuntu",
                "a//b",
                "a..b/c",
                "a_-b"
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
        assertTrue(ImageReference.problem("r.example/" + "a".repeat(245)).isEmpty());
    }

    /** buildah counts a Docker Hub name as it normalizes it: {@code ubuntu} is {@code docker.io/library/ubuntu}. */
    @Test
    void countsADockerHubNameAsDockerNormalizesIt() {
        String path = "a".repeat(237);
        assertTrue(ImageReference.problem(path).isEmpty(), "docker.io/library/ + 237 = 255");
        assertTrue(ImageReference.problem(path + "a").orElseThrow().contains("longer than 255"));
        assertTrue(
                ImageReference.problem("docker.io/" + path + "a").orElseThrow().contains("longer than 255"));
        assertTrue(ImageReference.problem("team/" + "a".repeat(240)).isEmpty(), "docker.io/team/ + 240 = 255");
    }

    /** Each of these is refused by buildah 1.28 ("invalid reference format", or a short name it cannot resolve). */
    /** Neither Docker nor buildah reads these as references: no registry is named by upper case alone, or by '_'. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "Foo/bar",
                "a.b_c/x",
                "registry-.example/x",
                "registry.example:/x",
                "registry.example:50a/x",
                "[::1]x/y",
                "x@sha256",
                "x@0123456789abcdef0123456789abcdef0123456789"
            })
    void rejectsWhatNoToolReadsAsAReference(String reference) {
        assertTrue(ImageReference.problem(reference).isPresent(), reference);
        assertTrue(ImageReference.buildProblem(reference).isPresent(), reference);
    }

    /** The grammar has them, and a kubelet pulls them; buildah 1.28 says "invalid reference format". */
    static List<String> referencesBuildahRefuses() {
        return List.of(
                "[::1]:5000/x:1",
                "[fe80::1]/team/base",
                "127.0.0.1:5000/x:1@" + DIGEST,
                "x@md5:" + "a".repeat(32),
                "x@sha512:" + "a".repeat(127),
                "x@sha384:" + "A".repeat(96));
    }

    @ParameterizedTest
    @MethodSource("referencesBuildahRefuses")
    void theBuildRefusesReferencesBuildahCannotPullOrPush(String reference) {
        assertTrue(ImageReference.buildProblem(reference).isPresent(), reference);
    }

    @Test
    void anIpv6RegistryIsRefusedForBuildsWithItsReason() {
        assertTrue(ImageReference.problem("[::1]:5000/x:1").isEmpty(), "the grammar has it");
        assertTrue(ImageReference.buildProblem("[::1]:5000/x:1").orElseThrow().contains("IPv6"));
        assertTrue(ImageReference.nameProblem("[::1]:5000/team").orElseThrow().contains("IPv6"));
    }

    @Test
    void aTagAndADigestTogetherAreRefusedForBuildsWithTheirReason() {
        assertTrue(ImageReference.problem("base:1@" + DIGEST).isEmpty(), "the grammar has it");
        assertTrue(ImageReference.buildProblem("base:1@" + DIGEST).orElseThrow().contains("both a tag and a digest"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:64", "sha384:96", "sha512:128"})
    void buildsAcceptTheDigestsBuildahPulls(String algorithmAndLength) {
        int colon = algorithmAndLength.indexOf(':');
        String reference = "127.0.0.1:5000/base@" + algorithmAndLength.substring(0, colon) + ":"
                + "0".repeat(Integer.parseInt(algorithmAndLength.substring(colon + 1)));
        assertTrue(ImageReference.buildProblem(reference).isEmpty(), reference);
        assertEquals(reference, ImageReference.parse(reference).toString());
    }

    @Test
    void aReferenceLongerThanTheLimitIsRefusedBeforeItIsParsedAndNotEchoedWhole() {
        String reference = "r.example/" + "a".repeat(ImageReference.MAX_LENGTH);
        assertTrue(ImageReference.problem(reference).orElseThrow().contains("at most " + ImageReference.MAX_LENGTH));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(reference));
        assertTrue(e.getMessage().length() < 300, e.getMessage());
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
