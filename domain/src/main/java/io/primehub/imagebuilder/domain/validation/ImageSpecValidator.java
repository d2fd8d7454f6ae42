package io.primehub.imagebuilder.domain.validation;

import io.primehub.imagebuilder.domain.model.ImageReference;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.PackageManager;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every user-given string of an image spec and either returns the validated {@link BuildRecipe} or
 * throws one {@link InvalidImageSpecException} listing every problem, in field order. Nothing is fixed up
 * or dropped silently.
 *
 * <p>One thing is not a problem: an empty entry in a package list. PrimeHub's console splits a text box into lines,
 * so an empty box arrives as {@code [""]} and a trailing newline as a last {@code ""}. An empty entry names no
 * package; the recipe leaves it out (the revision still counts it, as PrimeHub's controller does).
 */
public final class ImageSpecValidator {

    private ImageSpecValidator() {}

    /** Validates the whole spec: name, base image, pull secret and packages. */
    public static BuildRecipe validate(ImageSpec spec) {
        List<Violation> violations = new ArrayList<>();
        if (!ObjectNames.isValidSubdomain(spec.name())) {
            violations.add(Violation.of(
                    "metadata.name",
                    spec.name(),
                    "is not a valid object name (lower-case letters, digits, '-' and '.', at most 253 characters)"));
        }
        checkBaseImage(spec.baseImage(), violations);
        if (spec.hasPullSecret() && !ObjectNames.isValidSubdomain(spec.pullSecret())) {
            violations.add(Violation.of("spec.pullSecret", spec.pullSecret(), "is not a valid Secret name"));
        }
        checkPackages(spec.packages(), violations);
        return recipeOrThrow(spec.baseImage(), spec.packages(), violations);
    }

    /** Validates a base image and packages alone, for callers that render without a resource around them. */
    public static BuildRecipe validate(String baseImage, Packages packages) {
        List<Violation> violations = new ArrayList<>();
        checkBaseImage(baseImage, violations);
        checkPackages(packages, violations);
        return recipeOrThrow(baseImage, packages, violations);
    }

    /** Every problem of the spec, empty when it is valid; never throws for bad input. */
    public static List<Violation> problems(ImageSpec spec) {
        try {
            validate(spec);
            return List.of();
        } catch (InvalidImageSpecException e) {
            return e.violations();
        }
    }

    private static void checkBaseImage(String baseImage, List<Violation> violations) {
        ImageReference.buildProblem(baseImage)
                .ifPresent(problem -> violations.add(
                        baseImage.isEmpty()
                                ? new Violation("spec.baseImage", problem)
                                : Violation.of("spec.baseImage", baseImage, problem)));
    }

    private static void checkPackages(Packages packages, List<Violation> violations) {
        for (PackageManager manager : PackageManager.FIELD_ORDER) {
            List<String> items = packages.of(manager);
            PackageRules.listProblem(nonEmpty(items))
                    .ifPresent(
                            problem -> violations.add(new Violation("spec.packages." + manager.fieldName(), problem)));
            for (int i = 0; i < items.size(); i++) {
                String item = items.get(i);
                if (item.isEmpty()) {
                    continue;
                }
                String field = "spec.packages." + manager.fieldName() + "[" + i + "]";
                PackageRules.problem(manager, item)
                        .ifPresent(problem -> violations.add(Violation.of(field, item, problem)));
            }
        }
    }

    private static BuildRecipe recipeOrThrow(String baseImage, Packages packages, List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidImageSpecException(violations);
        }
        return new BuildRecipe(
                ImageReference.parse(baseImage), withoutEmptyEntries(packages), Revision.of(baseImage, packages));
    }

    private static Packages withoutEmptyEntries(Packages packages) {
        return new Packages(nonEmpty(packages.apt()), nonEmpty(packages.pip()), nonEmpty(packages.conda()));
    }

    private static List<String> nonEmpty(List<String> items) {
        return items.stream().filter(item -> !item.isEmpty()).toList();
    }
}
