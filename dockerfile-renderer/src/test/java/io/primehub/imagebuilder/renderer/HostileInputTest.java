package io.primehub.imagebuilder.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.PackageManager;
import io.primehub.imagebuilder.domain.validation.BuildRecipe;
import io.primehub.imagebuilder.domain.validation.InvalidImageSpecException;
import io.primehub.imagebuilder.domain.validation.Violation;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The renderer's first line of defence is that it only ever sees a {@link BuildRecipe}, and no recipe can hold a
 * hostile package or base image: the validator refuses it, naming the field. (The domain's own tests cover the
 * rules in depth; these prove the renderer's entry point is closed.)
 */
class HostileInputTest {

    static final List<String> HOSTILE_PACKAGES = List.of(
            "numpy; rm -rf /",
            "numpy | sh",
            "numpy & sleep 1",
            "numpy && id",
            "$(id)",
            "numpy$(id)",
            "`id`",
            "numpy`id`",
            "> /tmp/owned",
            "< /etc/passwd",
            "numpy>/tmp/owned",
            "numpy 2>&1",
            "curl\nRUN rm -rf /",
            "curl\n",
            "curl\r",
            "curl\rRUN id",
            "numpy\tx",
            "curl\\",
            "curl\\\nRUN id",
            "'numpy'",
            "\"numpy\"",
            "numpy'",
            "it's",
            "p\u0430ndas",
            "\uff50\uff41\uff4e\uff44\uff41\uff53",
            "numpy\u200b",
            "numpy\u00a0",
            "\u202enumpy",
            "numpy\u2028RUN id",
            "numpy\0",
            "\0",
            "a".repeat(201),
            "numpy".repeat(50),
            "--index-url=https://evil.example/simple",
            "-r requirements.txt",
            "-e .",
            "--pre",
            "-y",
            "https://evil.example/pkg.whl",
            "git+https://evil.example/x.git",
            "numpy @ https://evil.example/numpy.whl",
            "file:///tmp/x.whl",
            "./x",
            "../x",
            "/tmp/x.whl",
            "~/x",
            "numpy; python_version<\"3\"",
            "numpy ; python_version < '3'",
            " ",
            "numpy #comment",
            "*",
            "numpy*");

    static Stream<Arguments> hostilePackagesForEveryManager() {
        return Arrays.stream(PackageManager.values())
                .flatMap(manager -> HOSTILE_PACKAGES.stream().map(item -> Arguments.of(manager, item)));
    }

    @ParameterizedTest(name = "{0} [{index}]")
    @MethodSource("hostilePackagesForEveryManager")
    void noRecipeCanHoldAHostilePackage(PackageManager manager, String item) {
        InvalidImageSpecException e = assertThrows(
                InvalidImageSpecException.class, () -> Recipes.only(manager, List.of(validItem(manager), item)));

        String field = "spec.packages." + manager.fieldName() + "[1]";
        assertEquals(
                List.of(field), e.violations().stream().map(Violation::field).toList(), e.getMessage());
    }

    /** An empty entry is no package (the console's empty text box): it is left out of the Dockerfile, not refused. */
    @ParameterizedTest
    @EnumSource(PackageManager.class)
    void anEmptyEntryIsNoPackageAndRendersNothing(PackageManager manager) {
        String withEmpty =
                new MustacheDockerfileRenderer().render(Recipes.only(manager, List.of("", validItem(manager), "")));
        String without = new MustacheDockerfileRenderer().render(Recipes.only(manager, List.of(validItem(manager))));
        assertEquals(without, withEmpty);
        assertEquals(
                new MustacheDockerfileRenderer().render(Recipes.only(manager, List.of())),
                new MustacheDockerfileRenderer().render(Recipes.only(manager, List.of(""))));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ubuntu\nRUN rm -rf /",
                "ubuntu; rm -rf /",
                "ubuntu $(id)",
                "ubuntu`id`",
                "ubuntu:22.04 AS evil",
                "ubuntu\r",
                "\u0443buntu",
                "ubuntu:22.04\n",
                "--platform=linux/amd64 ubuntu",
                "ubuntu'",
                "UBUNTU",
                ""
            })
    void noRecipeCanHoldAHostileBaseImage(String baseImage) {
        InvalidImageSpecException e = assertThrows(
                InvalidImageSpecException.class,
                () -> Recipes.recipe(baseImage, List.of("curl"), List.of(), List.of()));

        assertEquals(
                List.of("spec.baseImage"),
                e.violations().stream().map(Violation::field).toList(),
                e.getMessage());
    }

    @Test
    void aRecipeCannotBeMadeExceptByTheValidator() {
        assertEquals(0, BuildRecipe.class.getConstructors().length, "BuildRecipe has a public constructor");
        assertTrue(Modifier.isFinal(BuildRecipe.class.getModifiers()), "BuildRecipe can be subclassed");
    }

    private static String validItem(PackageManager manager) {
        return switch (manager) {
            case APT -> "curl";
            case CONDA -> "numpy=1.26";
            case PIP -> "numpy>=1.26";
        };
    }
}
