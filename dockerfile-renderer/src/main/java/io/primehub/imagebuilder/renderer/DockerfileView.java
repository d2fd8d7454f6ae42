package io.primehub.imagebuilder.renderer;

import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.validation.BuildRecipe;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The view model of a Dockerfile template: every name a template may use. Documented for administrators
 * in the built-in template's header and in {@code docs/renderer.md}; keep the three in step.
 *
 * @param baseImage              the validated base image reference, as the admin wrote it
 * @param apt                    the apt layer, or null (a false section) when the spec lists no apt package
 * @param conda                  the conda layer, or null
 * @param pip                    the pip layer, or null
 * @param pipBreakSystemPackages whether pip may install over the packages of a base whose Python is externally
 *                               managed (PEP 668); an administrator's choice, never a spec's
 */
record DockerfileView(
        String baseImage, PackageLayer apt, PackageLayer conda, PackageLayer pip, boolean pipBreakSystemPackages) {

    static DockerfileView of(BuildRecipe recipe, boolean pipBreakSystemPackages) {
        return of(recipe.baseImage().toString(), recipe.packages(), pipBreakSystemPackages);
    }

    static DockerfileView of(String baseImage, Packages packages, boolean pipBreakSystemPackages) {
        return new DockerfileView(
                oneLine(baseImage),
                PackageLayer.of(packages.apt()),
                PackageLayer.of(packages.conda()),
                PackageLayer.of(packages.pip()),
                pipBreakSystemPackages);
    }

    /**
     * The packages of one manager.
     *
     * @param packages every package shell-quoted, joined by single spaces: {@code 'curl' 'git'}
     * @param items    the packages one by one, in the spec's order
     */
    record PackageLayer(String packages, List<PackageItem> items) {

        static PackageLayer of(List<String> packages) {
            if (packages.isEmpty()) {
                return null;
            }
            List<PackageItem> items = packages.stream()
                    .map(p -> new PackageItem(ShellQuoting.quote(oneLine(p))))
                    .toList();
            return new PackageLayer(items.stream().map(PackageItem::quoted).collect(Collectors.joining(" ")), items);
        }
    }

    /** @param quoted one package as one shell word: {@code 'numpy>=1.26'} */
    record PackageItem(String quoted) {}

    /**
     * Validation already admits only printable ASCII; this holds the renderer's own line. Shell quoting keeps a
     * value in one word but cannot keep it in one Dockerfile instruction: a line break would end the RUN line
     * and start an instruction of the value's choosing.
     */
    private static String oneLine(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(String.format(
                        "a value with the control character U+%04X cannot be written into a Dockerfile", (int) c));
            }
        }
        return value;
    }
}
