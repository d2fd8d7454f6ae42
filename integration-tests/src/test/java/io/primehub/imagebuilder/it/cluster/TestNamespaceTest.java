package io.primehub.imagebuilder.it.cluster;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestNamespaceTest {

    private static final String DNS_1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "anUpdateFromAStaleResourceVersionIsAConflict",
                "deletingAnOwnerDeletesWhatItOwnsThroughTheGarbageCollectorEvenWhenTheNameIsVeryLongIndeed",
                "ImageSpecReconcilerIT",
                "with spaces_and.dots[1]",
                "-",
            })
    void namesAreValidNamespaceNamesThatSayWhichTestMadeThem(String hint) {
        String name = TestNamespace.nameFor(hint);

        assertTrue(name.length() <= 63, () -> name + " is longer than 63");
        assertTrue(name.matches(DNS_1123_LABEL), () -> name + " is no DNS-1123 label");
        assertTrue(name.startsWith("it-"), name);
        assertNotEquals(name, TestNamespace.nameFor(hint), "two tests of the same name get different namespaces");
    }

    @ParameterizedTest
    @ValueSource(strings = {"anUpdateFromAStaleResourceVersionIsAConflict"})
    void splitsCamelCaseIntoWords(String hint) {
        assertTrue(
                TestNamespace.nameFor(hint).startsWith("it-an-update-from-a-stale-resource-version-is-a-conflict"),
                TestNamespace.nameFor(hint));
    }
}
