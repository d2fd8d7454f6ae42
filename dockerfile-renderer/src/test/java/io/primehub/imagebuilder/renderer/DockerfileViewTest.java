package io.primehub.imagebuilder.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.primehub.imagebuilder.domain.model.Packages;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DockerfileViewTest {

    @Test
    void aManagerWithoutPackagesHasNoSection() {
        DockerfileView view = DockerfileView.of(Recipes.recipe(List.of("curl"), List.of(), List.of()), false);

        assertEquals(Recipes.BASE_IMAGE, view.baseImage());
        assertNull(view.conda());
        assertNull(view.pip());
    }

    @Test
    void aSectionHoldsEveryPackageQuotedJoinedBySpacesAndOneByOne() {
        DockerfileView view =
                DockerfileView.of(Recipes.recipe(List.of(), List.of(), List.of("numpy>=1.26", "pkg<2")), false);

        assertEquals("'numpy>=1.26' 'pkg<2'", view.pip().packages());
        assertEquals(
                List.of(new DockerfileView.PackageItem("'numpy>=1.26'"), new DockerfileView.PackageItem("'pkg<2'")),
                view.pip().items());
    }

    /**
     * The validator never lets these through; the renderer still refuses to write a line break, since shell quoting
     * cannot stop one from ending the RUN instruction.
     */
    @ParameterizedTest
    @ValueSource(strings = {"curl\nRUN rm -rf /", "curl\r", "a\0b", "x\u2028y", "x\u0085y"})
    void refusesToWriteAControlCharacterEvenIfValidationMissedIt(String item) {
        assertThrows(
                IllegalArgumentException.class,
                () -> DockerfileView.of("ubuntu", Packages.of(List.of(), List.of(item), List.of()), false));
        assertThrows(IllegalArgumentException.class, () -> DockerfileView.of("ubuntu" + item, Packages.NONE, false));
    }
}
