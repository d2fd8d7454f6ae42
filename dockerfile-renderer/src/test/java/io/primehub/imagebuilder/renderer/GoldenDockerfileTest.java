package io.primehub.imagebuilder.renderer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.PackageManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in template's output, byte for byte: for every combination of package managers on a Jupyter Docker Stacks
 * base (the conda and pip layers end with the stacks' guarded {@code fix-permissions}), and for a pip section on a
 * Debian base whose Python is externally managed (PEP 668), without and with the administrator's opt-in.
 */
class GoldenDockerfileTest {

    private static final List<String> APT = List.of("curl", "git=1:2.39.5-0+deb12u1");
    private static final List<String> CONDA = List.of("numpy=1.26", "conda-forge::scipy>=1.11");
    private static final List<String> PIP = List.of("pandas>=2", "requests[security]>=2.31,<3");
    private static final String DEBIAN = "debian:bookworm";
    private static final List<String> DEBIAN_PIP = List.of("python3-pip");

    static Stream<Arguments> combinations() {
        return Stream.of(
                Arguments.of("none", Recipes.BASE_IMAGE, List.of(), List.of(), List.of(), false),
                Arguments.of("apt", Recipes.BASE_IMAGE, APT, List.of(), List.of(), false),
                Arguments.of("conda", Recipes.BASE_IMAGE, List.of(), CONDA, List.of(), false),
                Arguments.of("pip", Recipes.BASE_IMAGE, List.of(), List.of(), PIP, false),
                Arguments.of("apt-conda", Recipes.BASE_IMAGE, APT, CONDA, List.of(), false),
                Arguments.of("apt-pip", Recipes.BASE_IMAGE, APT, List.of(), PIP, false),
                Arguments.of("conda-pip", Recipes.BASE_IMAGE, List.of(), CONDA, PIP, false),
                Arguments.of("apt-conda-pip", Recipes.BASE_IMAGE, APT, CONDA, PIP, false),
                Arguments.of("debian-apt-pip", DEBIAN, DEBIAN_PIP, List.of(), PIP, false),
                Arguments.of("debian-apt-pip-break-system-packages", DEBIAN, DEBIAN_PIP, List.of(), PIP, true));
    }

    /** The layers come in {@link PackageManager#LAYER_ORDER}, whatever order the golden files happen to have. */
    @Test
    void installsInTheLayerOrderOfPackageManager() {
        String rendered = new MustacheDockerfileRenderer().render(Recipes.recipe(Recipes.BASE_IMAGE, APT, CONDA, PIP));
        Map<PackageManager, String> installs = Map.of(
                PackageManager.APT,
                "apt-get install",
                PackageManager.CONDA,
                "RUN conda install",
                PackageManager.PIP,
                "RUN pip install");
        List<Integer> positions = PackageManager.LAYER_ORDER.stream()
                .map(installs::get)
                .map(rendered::indexOf)
                .toList();
        assertTrue(positions.stream().allMatch(position -> position >= 0), rendered);
        assertEquals(
                positions.stream().sorted().toList(),
                positions,
                "the layers of " + PackageManager.LAYER_ORDER + " in that order:\n" + rendered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void rendersTheGoldenDockerfile(
            String golden,
            String baseImage,
            List<String> apt,
            List<String> conda,
            List<String> pip,
            boolean pipBreakSystemPackages)
            throws IOException {
        String rendered = new MustacheDockerfileRenderer()
                .withPipBreakSystemPackages(pipBreakSystemPackages)
                .render(Recipes.recipe(baseImage, apt, conda, pip));

        byte[] expected = goldenBytes(golden);
        // As text first for a readable diff, then as the bytes the build reads.
        assertEquals(new String(expected, StandardCharsets.UTF_8), rendered);
        assertArrayEquals(expected, rendered.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyGoldenFileIsCheckedByATest() throws IOException, URISyntaxException {
        URL folder = GoldenDockerfileTest.class.getClassLoader().getResource("golden");
        assertNotNull(folder, "no golden folder on the test classpath");
        Set<String> files;
        try (Stream<Path> list = Files.list(Path.of(folder.toURI()))) {
            files = list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        Set<String> used = combinations().map(a -> a.get()[0] + ".Dockerfile").collect(Collectors.toSet());
        assertEquals(used, files);
    }

    @Test
    void everyGoldenHasLfLineEndsAndEndsWithOne() throws IOException {
        for (Object[] combination : combinations().map(Arguments::get).toList()) {
            String text = new String(goldenBytes((String) combination[0]), StandardCharsets.UTF_8);
            assertEquals(-1, text.indexOf('\r'), combination[0] + " has a CR");
            assertEquals('\n', text.charAt(text.length() - 1), combination[0] + " does not end with a line break");
        }
    }

    private static byte[] goldenBytes(String name) throws IOException {
        try (InputStream in =
                GoldenDockerfileTest.class.getClassLoader().getResourceAsStream("golden/" + name + ".Dockerfile")) {
            assertNotNull(in, "no golden file " + name + ".Dockerfile");
            return in.readAllBytes();
        }
    }
}
