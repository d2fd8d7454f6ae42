package io.primehub.imagebuilder.domain.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.Packages;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ImageSpecValidatorTest {

    private static ImageSpec spec(String baseImage, String pullSecret, Packages packages) {
        return new ImageSpec("team", "my-spec", baseImage, pullSecret, packages, "");
    }

    @Test
    void aValidSpecGivesARecipeWithTheParsedBaseAndTheSamePackages() {
        Packages packages = new Packages(List.of("curl"), List.of("pandas>=2"), List.of("numpy=1.26"));
        BuildRecipe recipe = ImageSpecValidator.validate(spec("jupyter/base-notebook", "regcred", packages));
        assertEquals("jupyter/base-notebook", recipe.baseImage().toString());
        assertEquals(packages, recipe.packages());
        assertEquals(spec("jupyter/base-notebook", "", packages).revision(), recipe.revision());
    }

    @Test
    void reportsAHostilePipItemWithItsFieldPathAndValue() {
        Packages packages = new Packages(List.of(), List.of("pandas", "numpy", "numpy; rm -rf /"), List.of());
        InvalidImageSpecException e = assertThrows(
                InvalidImageSpecException.class,
                () -> ImageSpecValidator.validate(spec("jupyter/base-notebook", "", packages)));
        assertEquals(1, e.violations().size());
        assertTrue(
                e.violations()
                        .get(0)
                        .toString()
                        .startsWith("spec.packages.pip[2]: \"numpy; rm -rf /\" is not a valid pip requirement"),
                e.getMessage());
    }

    @Test
    void listsEveryProblemInFieldOrderAndDropsNothing() {
        Packages packages = new Packages(List.of("ok-pkg", "bad pkg"), List.of("--pre"), List.of("x|y", "fine"));
        ImageSpec spec = new ImageSpec("team", "Bad_Name", "Not A Ref", "Bad_Secret", packages, "");
        InvalidImageSpecException e =
                assertThrows(InvalidImageSpecException.class, () -> ImageSpecValidator.validate(spec));
        assertEquals(
                List.of(
                        "metadata.name",
                        "spec.baseImage",
                        "spec.pullSecret",
                        "spec.packages.apt[1]",
                        "spec.packages.pip[0]",
                        "spec.packages.conda[0]"),
                e.violations().stream().map(Violation::field).toList());
        assertTrue(e.getMessage().startsWith("6 problems in the image spec:"), e.getMessage());
        assertEquals(e.violations(), ImageSpecValidator.problems(spec));
    }

    @Test
    void aMissingBaseImageIsReportedAsRequired() {
        InvalidImageSpecException e = assertThrows(
                InvalidImageSpecException.class, () -> ImageSpecValidator.validate(spec("", "", Packages.NONE)));
        assertEquals("spec.baseImage", e.violations().get(0).field());
        assertTrue(e.violations().get(0).reason().contains("required"));
    }

    @Test
    void newlinesAndLookAlikesAreShownEscapedSoTheMessageCannotForgeLines() {
        Packages packages = new Packages(List.of("curl\nRUN rm -rf /"), List.of("p\u0430ndas"), List.of());
        InvalidImageSpecException e = assertThrows(
                InvalidImageSpecException.class, () -> ImageSpecValidator.validate(spec("base", "", packages)));
        assertTrue(
                e.violations().get(0).reason().startsWith("\"curl\\nRUN rm -rf /\""),
                e.violations().get(0).reason());
        assertTrue(
                e.violations().get(1).reason().startsWith("\"p\\u0430ndas\""),
                e.violations().get(1).reason());
        for (Violation violation : e.violations()) {
            assertFalse(violation.toString().contains("\n"));
        }
    }

    @Test
    void veryLongValuesAreShortenedInMessagesWithTheirLength() {
        String longItem = "a".repeat(5000);
        InvalidImageSpecException e = assertThrows(
                InvalidImageSpecException.class,
                () -> ImageSpecValidator.validate(spec("base", "", new Packages(List.of(longItem), null, null))));
        String reason = e.violations().get(0).reason();
        assertTrue(reason.contains("(5000 characters)"), reason);
        assertTrue(reason.length() < 400, reason);
    }

    @Test
    void validatesBaseImageAndPackagesWithoutAResource() {
        assertEquals(
                "ubuntu:22.04",
                ImageSpecValidator.validate("ubuntu:22.04", Packages.NONE)
                        .baseImage()
                        .toString());
        assertThrows(
                InvalidImageSpecException.class, () -> ImageSpecValidator.validate("ubuntu:22.04 ", Packages.NONE));
    }

    @Test
    void moreThan500PackagesOfOneManagerAreOneViolationNamingTheList() {
        List<String> apt = IntStream.range(0, PackageRules.MAX_PACKAGES)
                .mapToObj(i -> "pkg" + i)
                .toList();
        assertEquals(
                PackageRules.MAX_PACKAGES,
                ImageSpecValidator.validate(spec("base", "", new Packages(apt, null, null)))
                        .packages()
                        .apt()
                        .size());

        List<String> pip = IntStream.range(0, 10_000).mapToObj(i -> "pkg" + i).toList();
        InvalidImageSpecException e = assertThrows(
                InvalidImageSpecException.class,
                () -> ImageSpecValidator.validate(spec("base", "", new Packages(null, pip, null))));
        assertEquals(
                List.of(new Violation(
                        "spec.packages.pip",
                        "lists 10000 packages; at most 500 per package manager"
                                + " (they are installed by one RUN line, which the kernel limits)")),
                e.violations());
    }

    @Test
    void emptyEntriesDoNotCountTowardsTheLimits() {
        List<String> conda = new java.util.ArrayList<>(Collections.nCopies(PackageRules.MAX_PACKAGES, "numpy"));
        conda.addAll(Collections.nCopies(10, ""));
        assertTrue(
                ImageSpecValidator.problems(new ImageSpec("team", "s", "base", "", new Packages(null, null, conda), ""))
                        .isEmpty());
    }

    @Test
    void packagesTooLongForOneRunLineAreOneViolationNamingTheList() {
        String longName = "a".repeat(PackageRules.MAX_LENGTH);
        int fit = (PackageRules.MAX_LIST_LENGTH + 1) / (PackageRules.MAX_LENGTH + 1);
        assertTrue(ImageSpecValidator.problems(new ImageSpec(
                        "team", "s", "base", "", new Packages(null, Collections.nCopies(fit, longName), null), ""))
                .isEmpty());

        InvalidImageSpecException e = assertThrows(
                InvalidImageSpecException.class,
                () -> ImageSpecValidator.validate(
                        spec("base", "", new Packages(null, null, Collections.nCopies(fit + 1, longName)))));
        assertEquals(1, e.violations().size(), e.getMessage());
        assertEquals("spec.packages.conda", e.violations().get(0).field());
        assertTrue(e.violations().get(0).reason().contains("at most " + PackageRules.MAX_LIST_LENGTH), e.getMessage());
    }

    @Test
    void aBaseImageBuildahCannotPullIsRefusedWithItsReason() {
        InvalidImageSpecException e = assertThrows(
                InvalidImageSpecException.class,
                () -> ImageSpecValidator.validate(spec("[::1]:5000/x:1", "", Packages.NONE)));
        assertEquals("spec.baseImage", e.violations().get(0).field());
        assertTrue(e.violations().get(0).reason().contains("IPv6"), e.getMessage());
    }
}
