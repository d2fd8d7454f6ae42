package io.primehub.imagebuilder.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionTest {

    @Test
    void matchesPrimeHubsRevisionOfBaseNotebookWithCurl() {
        Packages packages = new Packages(List.of("curl"), List.of(), List.of());
        assertEquals("96ff7925", Revision.of("jupyter/base-notebook", packages).value());
    }

    @Test
    void hashesBaseImageAloneWhenThereAreNoPackages() {
        assertEquals("jupyter/base-notebook", Revision.canonicalText("jupyter/base-notebook", Packages.NONE));
    }

    @Test
    void canonicalTextListsAptPipCondaInPrimeHubsOrderAndOnlyNonEmptyLists() {
        Packages packages = new Packages(List.of("curl", "git"), List.of("pandas>=2"), List.of("numpy=1.26"));
        assertEquals(
                "base;apt:[curl,git];pip:[pandas>=2];conda:[numpy=1.26]", Revision.canonicalText("base", packages));
        assertEquals(
                "base;conda:[numpy]",
                Revision.canonicalText("base", new Packages(List.of(), List.of(), List.of("numpy"))));
    }

    @Test
    void orderOfPackagesChangesTheRevision() {
        assertNotEquals(
                Revision.of("base", new Packages(List.of("a1", "b1"), null, null)),
                Revision.of("base", new Packages(List.of("b1", "a1"), null, null)));
    }

    @Test
    void revisionIsEightLowerCaseHexCharacters() {
        assertThrows(IllegalArgumentException.class, () -> new Revision("96FF7925"));
        assertThrows(IllegalArgumentException.class, () -> new Revision("96ff792"));
        assertEquals("96ff7925", new Revision("96ff7925").toString());
    }

    @Test
    void specRevisionIgnoresUpdateTime() {
        Packages packages = new Packages(List.of("curl"), null, null);
        ImageSpec first = new ImageSpec("ns", "s", "jupyter/base-notebook", "", packages, "2020-01-01T00:00:00Z");
        ImageSpec second = new ImageSpec("ns", "s", "jupyter/base-notebook", "", packages, "2026-11-27T00:00:00Z");
        assertEquals(first.revision(), second.revision());
    }
}
