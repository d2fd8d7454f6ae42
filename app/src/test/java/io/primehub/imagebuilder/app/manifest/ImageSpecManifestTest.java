package io.primehub.imagebuilder.app.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifest reader is as strict as kubectl, and what it echoes from the input cannot forge lines or escapes. */
class ImageSpecManifestTest {

    private static final String SPEC = """
            apiVersion: primehub.io/v1alpha1
            kind: ImageSpec
            metadata:
              name: base-curl
            spec:
              baseImage: jupyter/base-notebook
              packages:
                apt: [curl]
            """;

    private static List<String> problems(String text) {
        return assertThrows(ManifestException.class, () -> ImageSpecManifest.read("spec.yaml", text))
                .problems();
    }

    @Test
    void readsAManifest() {
        ImageSpec spec = ImageSpecManifest.read("spec.yaml", SPEC);
        assertEquals("jupyter/base-notebook", spec.baseImage());
        assertEquals(List.of("curl"), spec.packages().apt());
    }

    @Test
    void readsJsonAndToleratesDocumentMarkersAroundTheOneDocument() {
        assertEquals("debian", ImageSpecManifest.read("spec.json", """
                {"apiVersion": "primehub.io/v1alpha1", "kind": "ImageSpec", "metadata": {"name": "a"},
                 "spec": {"baseImage": "debian"}}
                """).baseImage());
        assertEquals(
                "jupyter/base-notebook",
                ImageSpecManifest.read("spec.yaml", "---\n" + SPEC + "---\n").baseImage());
    }

    @Test
    void refusesAKeyGivenTwiceInsteadOfTakingTheLast() {
        List<String> problems = problems(SPEC + "  baseImage: evil/other-base\n");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("spec.baseImage: is given twice (lines 6 and 9)"), problems.toString());
    }

    @Test
    void refusesATopLevelKeyGivenTwice() {
        List<String> problems = problems(SPEC + "kind: ImageSpec\n");
        assertTrue(problems.get(0).startsWith("kind: is given twice"), problems.toString());
    }

    @Test
    void refusesASecondDocument() {
        List<String> problems = problems(SPEC + "---\n" + SPEC.replace("base-curl", "other"));
        assertTrue(
                problems.get(0).startsWith("holds more than one YAML document (another starts at line 10)"),
                problems.toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "  packages:\n    apt: &pkgs [curl]\n    pip: *pkgs\n",
                "  pullSecret: &s secret\n",
                "  packages:\n    apt: [&a curl, *a]\n"
            })
    void refusesYamlAnchorsAndAliases(String specTail) {
        String text = SPEC.substring(0, SPEC.indexOf("  packages:")) + specTail;
        List<String> problems = problems(text);
        assertTrue(problems.get(0).contains("a YAML anchor (&) or alias (*) is not accepted"), problems.toString());
    }

    @Test
    void refusesAnAliasBombWithoutExpandingIt() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [*")
                    .append(p)
                    .append(", *")
                    .append(p)
                    .append(", *")
                    .append(p)
                    .append("]\n");
        }
        List<String> problems = problems(bomb.toString());
        assertTrue(problems.get(0).contains("anchor"), problems.toString());
    }

    @Test
    void escapesApiVersionAndKindEchoedFromTheInput() {
        String forged = SPEC.replace(
                        "apiVersion: primehub.io/v1alpha1", "apiVersion: \"v1\\n  spec.baseImage: looks fine\\e[2J\"")
                .replace("kind: ImageSpec", "kind: \"Image\\u202eSpec\\r\\u0007\"");
        List<String> problems = problems(forged);
        String all = String.join("\n", problems);
        assertEquals(2, problems.size(), all);
        assertTrue(
                problems.contains(
                        "apiVersion: must be \"primehub.io/v1alpha1\", not \"v1\\n  spec.baseImage: looks fine"
                                + "\\u001b[2J\""),
                all);
        assertTrue(problems.contains("kind: must be \"ImageSpec\", not \"Image\\u202eSpec\\r\\u0007\""), all);
        assertNoControlOrBidiCharacter(problems);
    }

    @Test
    void escapesUnknownFieldNames() {
        String forged = SPEC + "  \"x\\nspec.baseImage: ok\\e]0;title\\a\": 1\n" + "\"\\u202edleif\": 2\n";
        List<String> problems = problems(forged);
        String all = String.join("\n", problems);
        assertTrue(
                problems.contains("spec.\"x\\nspec.baseImage: ok\\u001b]0;title\\u0007\": is not a field of spec"),
                all);
        assertTrue(problems.contains("\"\\u202edleif\": is not a field of an ImageSpec"), all);
        assertNoControlOrBidiCharacter(problems);
    }

    @Test
    void escapesKeysNamedInStrictnessProblems() {
        List<String> problems = problems(SPEC + "  \"b\\nx\": 1\n  \"b\\nx\": 2\n");
        assertTrue(problems.get(0).startsWith("spec.\"b\\nx\": is given twice"), problems.toString());
        assertNoControlOrBidiCharacter(problems);
    }

    @Test
    void escapesTheParserWordsAboutYamlThatDoesNotParse() {
        List<String> problems = problems("apiVersion: primehub.io/v1alpha1\nkind: \"ImageSpec\u001b[31m\n\u202e: [");
        assertTrue(problems.get(0).startsWith("is not valid YAML at line"), problems.toString());
        assertNoControlOrBidiCharacter(problems);
    }

    private static void assertNoControlOrBidiCharacter(List<String> problems) {
        for (String problem : problems) {
            assertFalse(
                    problem.chars()
                            .anyMatch(c -> c < 0x20
                                    || c == 0x7f
                                    || (c >= 0x202a && c <= 0x202e)
                                    || (c >= 0x2066 && c <= 0x2069)),
                    problem);
        }
    }
}
