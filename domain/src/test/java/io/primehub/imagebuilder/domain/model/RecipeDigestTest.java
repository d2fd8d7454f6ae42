package io.primehub.imagebuilder.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecipeDigestTest {

    private static final String DOCKERFILE = "FROM debian:bookworm\nUSER root\nRUN apt-get install 'curl'\n";

    private static ImageSpecJob job(
            String namespace, String spec, String base, Packages packages, JobOrigin origin, String updateTime) {
        Revision revision = Revision.of(base, packages);
        return new ImageSpecJob(
                namespace,
                spec + "-" + revision,
                spec,
                revision,
                base,
                "",
                packages,
                spec + ":" + revision,
                "127.0.0.1:5000/team",
                "push-secret",
                updateTime,
                origin);
    }

    private static ImageSpecJob job(String namespace, String spec, String base, Packages packages) {
        return job(namespace, spec, base, packages, JobOrigin.IMAGE_SPEC, "2026-12-01T00:00:00Z");
    }

    private static final Packages CURL = new Packages(List.of("curl"), List.of(), List.of());

    @Test
    void isTheSha256OfTheRecipeAndStaysTheSameForTheSameRecipe() {
        String digest = RecipeDigest.of(job("team", "spec", "debian:bookworm", CURL), DOCKERFILE);
        assertTrue(RecipeDigest.isDigest(digest), digest);
        assertEquals(digest, RecipeDigest.of(job("team", "spec", "debian:bookworm", CURL), DOCKERFILE));
        assertEquals(
                digest,
                RecipeDigest.of(
                        job("team", "spec", "debian:bookworm", CURL, JobOrigin.IMAGE_SPEC, "2027-01-01T00:00:00Z"),
                        DOCKERFILE),
                "the update time asks for a build; it is not the recipe");
    }

    @Test
    void changesWithEveryPartOfTheRecipeAndWithWhoAsksForIt() {
        Set<String> digests = new HashSet<>(List.of(
                RecipeDigest.of(job("team", "spec", "debian:bookworm", CURL), DOCKERFILE),
                RecipeDigest.of(job("other", "spec", "debian:bookworm", CURL), DOCKERFILE),
                RecipeDigest.of(job("team", "spec2", "debian:bookworm", CURL), DOCKERFILE),
                RecipeDigest.of(job("team", "spec", "debian:trixie", CURL), DOCKERFILE),
                RecipeDigest.of(job("team", "spec", "debian:bookworm", CURL, JobOrigin.IMAGE, ""), DOCKERFILE),
                RecipeDigest.of(
                        job(
                                "team",
                                "spec",
                                "debian:bookworm",
                                new Packages(List.of("curl", "git"), List.of(), List.of())),
                        DOCKERFILE),
                RecipeDigest.of(
                        job("team", "spec", "debian:bookworm", new Packages(List.of(), List.of(), List.of("curl"))),
                        DOCKERFILE),
                RecipeDigest.of(
                        job("team", "spec", "debian:bookworm", new Packages(List.of(), List.of("curl"), List.of())),
                        DOCKERFILE),
                RecipeDigest.of(job("team", "spec", "debian:bookworm", CURL), DOCKERFILE + "# another template\n")));
        assertEquals(9, digests.size(), "nine recipes, nine digests: " + digests);
    }

    @Test
    void fieldsCannotRunIntoEachOther() {
        Packages one = new Packages(List.of("a b"), List.of(), List.of());
        Packages two = new Packages(List.of("a", "b"), List.of(), List.of());
        assertNotEquals(
                RecipeDigest.of(job("team", "spec", "debian:bookworm", one), DOCKERFILE),
                RecipeDigest.of(job("team", "spec", "debian:bookworm", two), DOCKERFILE));
    }

    @Test
    void recognisesOnlyTheDigestShape() {
        assertTrue(RecipeDigest.isDigest("sha256:" + "0".repeat(64)));
        assertFalse(RecipeDigest.isDigest("sha256:" + "0".repeat(63)));
        assertFalse(RecipeDigest.isDigest("sha256:" + "A".repeat(64)));
        assertFalse(RecipeDigest.isDigest(null));
    }
}
