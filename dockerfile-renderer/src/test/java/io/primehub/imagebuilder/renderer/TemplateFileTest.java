package io.primehub.imagebuilder.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An administrator's own template: {@link MustacheDockerfileRenderer#fromTemplateFile}. */
class TemplateFileTest {

    @TempDir
    Path dir;

    private Path template(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void rendersAnAdminsTemplateWithTheDocumentedViewModel() throws IOException {
        Path file = template("Dockerfile.mustache", """
                FROM {{baseImage}}
                USER root
                {{#apt}}
                RUN apt-get update && apt-get install -y {{packages}}
                {{/apt}}
                {{^conda}}
                # no conda
                {{/conda}}
                {{#pip}}
                {{#items}}
                RUN pip install {{quoted}}
                {{/items}}
                {{/pip}}
                """);

        String dockerfile = MustacheDockerfileRenderer.fromTemplateFile(file)
                .render(Recipes.recipe(
                        "python:3.12", List.of("curl", "git"), List.of(), List.of("numpy>=1.26", "pkg<2")));

        assertEquals("""
                FROM python:3.12
                USER root
                RUN apt-get update && apt-get install -y 'curl' 'git'
                # no conda
                RUN pip install 'numpy>=1.26'
                RUN pip install 'pkg<2'
                """, dockerfile);
    }

    /** Templates written before pipBreakSystemPackages existed keep loading: the strict view model minds only used names. */
    @Test
    void aTemplateThatDoesNotUsePipBreakSystemPackagesLoadsButRefusesToHaveItTurnedOn() throws IOException {
        Path file =
                template("older.mustache", "FROM {{baseImage}}\n{{#pip}}\nRUN pip install {{packages}}\n{{/pip}}\n");

        MustacheDockerfileRenderer renderer = MustacheDockerfileRenderer.fromTemplateFile(file);

        assertEquals(
                "FROM python:3.12\nRUN pip install 'numpy'\n",
                renderer.render(Recipes.recipe("python:3.12", List.of(), List.of(), List.of("numpy"))));
        assertEquals(renderer, renderer.withPipBreakSystemPackages(false));
        DockerfileTemplateException e =
                assertThrows(DockerfileTemplateException.class, () -> renderer.withPipBreakSystemPackages(true));
        assertEquals(file.toString(), e.template());
        assertTrue(
                e.getMessage()
                        .startsWith("Dockerfile template " + file + ": pip is to break system packages, but"
                                + " the template never uses pipBreakSystemPackages"),
                e.getMessage());
    }

    @Test
    void anAdminsTemplateUsesPipBreakSystemPackagesAsAFlag() throws IOException {
        Path file = template("flag.mustache", """
                FROM {{baseImage}}
                {{#pip}}
                RUN {{#pipBreakSystemPackages}}PIP_BREAK_SYSTEM_PACKAGES=1 {{/pipBreakSystemPackages}}pip install {{packages}}
                {{/pip}}
                """);
        var recipe = Recipes.recipe("debian:bookworm", List.of(), List.of(), List.of("numpy"));
        MustacheDockerfileRenderer renderer = MustacheDockerfileRenderer.fromTemplateFile(file);

        assertEquals("FROM debian:bookworm\nRUN pip install 'numpy'\n", renderer.render(recipe));
        assertEquals(
                "FROM debian:bookworm\nRUN PIP_BREAK_SYSTEM_PACKAGES=1 pip install 'numpy'\n",
                renderer.withPipBreakSystemPackages(true).render(recipe));
    }

    @Test
    void anUnknownNameThatOnlyRendersWithPipBreakSystemPackagesOnFailsWhenTheTemplateIsLoaded() throws IOException {
        Path file = template(
                "typo-in-flag.mustache",
                "FROM {{baseImage}}\n{{#pipBreakSystemPackages}}\nENV PIP_BREAK={{pipBreakSytemPackages}}\n{{/pipBreakSystemPackages}}\n");

        DockerfileTemplateException e = assertThrows(
                DockerfileTemplateException.class, () -> MustacheDockerfileRenderer.fromTemplateFile(file));

        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("\"pipBreakSytemPackages\" is not in the view model"), e.getMessage());
    }

    @Test
    void tripleBracesAndAmpersandWriteValuesAsTheyAreToo() throws IOException {
        Path file = template("t.mustache", "FROM {{{baseImage}}}\n{{#pip}}RUN pip install {{&packages}}{{/pip}}\n");

        String dockerfile = MustacheDockerfileRenderer.fromTemplateFile(file)
                .render(Recipes.recipe("python:3.12", List.of(), List.of(), List.of("numpy>=1.26")));

        assertEquals("FROM python:3.12\nRUN pip install 'numpy>=1.26'\n", dockerfile);
    }

    @Test
    void aTemplateThatDoesNotParseIsReportedWithItsFileAndLine() throws IOException {
        Path file = template(
                "broken.mustache",
                "FROM {{baseImage}}\nUSER root\n{{#apt}}\nRUN apt-get install {{packages}}\n{{/pip}}\n");

        DockerfileTemplateException e = assertThrows(
                DockerfileTemplateException.class, () -> MustacheDockerfileRenderer.fromTemplateFile(file));

        assertEquals(file.toString(), e.template());
        assertEquals(5, e.line());
        assertTrue(
                e.getMessage()
                        .startsWith("Dockerfile template " + file + ", line 5: Mismatched start/end tags: apt != pip"),
                e.getMessage());
    }

    @Test
    void anUnclosedSectionIsReportedWithTheLineThatOpensIt() throws IOException {
        Path file = template("unclosed.mustache", "FROM {{baseImage}}\n\n{{#apt}}\nRUN apt-get install {{packages}}\n");

        DockerfileTemplateException e = assertThrows(
                DockerfileTemplateException.class, () -> MustacheDockerfileRenderer.fromTemplateFile(file));

        assertEquals("Dockerfile template " + file + ", line 3: Failed to close 'apt' tag", e.getMessage());
    }

    @Test
    void anUnknownNameFailsWhenTheTemplateIsLoadedNamingFileLineAndName() throws IOException {
        Path file = template("typo.mustache", "FROM {{baseImage}}\n{{#pip}}\nRUN pip install {{pakages}}\n{{/pip}}\n");

        DockerfileTemplateException e = assertThrows(
                DockerfileTemplateException.class, () -> MustacheDockerfileRenderer.fromTemplateFile(file));

        assertEquals(3, e.line());
        assertTrue(
                e.getMessage()
                        .startsWith("Dockerfile template " + file + ", line 3: \"pakages\" is not in the view model"),
                e.getMessage());
    }

    @Test
    void anUnknownNameAtTheTopFailsToo() throws IOException {
        Path file = template("base.mustache", "FROM {{base_image}}\n");

        DockerfileTemplateException e = assertThrows(
                DockerfileTemplateException.class, () -> MustacheDockerfileRenderer.fromTemplateFile(file));

        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("\"base_image\" is not in the view model"), e.getMessage());
    }

    @Test
    void aNameThroughAnAbsentSectionFailsWhenTheTemplateIsLoaded() throws IOException {
        // Renders well while conda is used; the probe with conda unused is what catches it.
        Path file = template("dotted.mustache", "FROM {{baseImage}}\nRUN conda install -y {{conda.packages}}\n");

        DockerfileTemplateException e = assertThrows(
                DockerfileTemplateException.class, () -> MustacheDockerfileRenderer.fromTemplateFile(file));

        assertEquals(2, e.line());
        assertTrue(
                e.getMessage()
                        .contains("\"conda.packages\" is not in the view model, or goes through a package section"),
                e.getMessage());
    }

    @Test
    void aMissingFileIsReportedByName() {
        Path file = dir.resolve("nowhere.mustache");

        DockerfileTemplateException e = assertThrows(
                DockerfileTemplateException.class, () -> MustacheDockerfileRenderer.fromTemplateFile(file));

        assertEquals("Dockerfile template " + file + ": no such file", e.getMessage());
    }

    @Test
    void aFolderIsNotATemplate() {
        DockerfileTemplateException e =
                assertThrows(DockerfileTemplateException.class, () -> MustacheDockerfileRenderer.fromTemplateFile(dir));

        assertEquals("Dockerfile template " + dir + ": no such file", e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsReported() throws IOException {
        Path file =
                Files.write(dir.resolve("latin1.mustache"), new byte[] {'F', 'R', 'O', 'M', ' ', (byte) 0xe9, '\n'});

        DockerfileTemplateException e = assertThrows(
                DockerfileTemplateException.class, () -> MustacheDockerfileRenderer.fromTemplateFile(file));

        assertTrue(e.getMessage().startsWith("Dockerfile template " + file + ": cannot read "), e.getMessage());
        assertTrue(e.getMessage().contains("as UTF-8 text"), e.getMessage());
    }

    @Test
    void includesAPartialFromTheTemplatesFolder() throws IOException {
        // mustache.java keeps the line break after a partial's tag, so the partial ends without one.
        template("apt-layer.mustache", "RUN apt-get install -y {{packages}}");
        Path file = template("main.mustache", "FROM {{baseImage}}\n{{#apt}}\n{{> apt-layer}}\n{{/apt}}\n");

        String dockerfile = MustacheDockerfileRenderer.fromTemplateFile(file)
                .render(Recipes.recipe(List.of("curl"), List.of(), List.of()));

        assertEquals("FROM " + Recipes.BASE_IMAGE + "\nRUN apt-get install -y 'curl'\n", dockerfile);
    }

    @Test
    void aMissingPartialFailsWhenTheTemplateIsLoaded() throws IOException {
        Path file = template("main.mustache", "FROM {{baseImage}}\n{{> nowhere}}\n");

        DockerfileTemplateException e = assertThrows(
                DockerfileTemplateException.class, () -> MustacheDockerfileRenderer.fromTemplateFile(file));

        assertTrue(e.getMessage().contains("cannot find the template"), e.getMessage());
        assertTrue(e.getMessage().contains("nowhere.mustache"), e.getMessage());
    }

    @Test
    void aPartialCannotReachOutOfTheTemplatesFolder() throws IOException {
        Files.writeString(dir.resolve("outside.mustache"), "RUN echo outside\n");
        Path inner = Files.createDirectory(dir.resolve("templates"));
        Path file = Files.writeString(inner.resolve("main.mustache"), "FROM {{baseImage}}\n{{> ../outside}}\n");

        DockerfileTemplateException e = assertThrows(
                DockerfileTemplateException.class, () -> MustacheDockerfileRenderer.fromTemplateFile(file));

        assertTrue(e.getMessage().contains("cannot find the template"), e.getMessage());
    }

    @Test
    void aTemplateWithCrlfLineEndsStillRendersLf() throws IOException {
        Path file = template(
                "windows.mustache",
                "FROM {{baseImage}}\r\nUSER root\r\n{{#pip}}\r\nRUN pip install {{packages}}\r\n{{/pip}}\r\n");

        String dockerfile = MustacheDockerfileRenderer.fromTemplateFile(file)
                .render(Recipes.recipe(List.of(), List.of(), List.of("numpy")));

        assertEquals("FROM " + Recipes.BASE_IMAGE + "\nUSER root\nRUN pip install 'numpy'\n", dockerfile);
    }

    @Test
    void theOutputAlwaysEndsWithALineBreak() throws IOException {
        Path file = template("no-newline.mustache", "FROM {{baseImage}}");

        String dockerfile = MustacheDockerfileRenderer.fromTemplateFile(file)
                .render(Recipes.recipe(List.of(), List.of(), List.of()));

        assertEquals("FROM " + Recipes.BASE_IMAGE + "\n", dockerfile);
    }

    @Test
    void aCopyOfTheBuiltInTemplateRendersTheSameBytes() throws IOException {
        byte[] builtIn;
        try (var in = MustacheDockerfileRenderer.class
                .getClassLoader()
                .getResourceAsStream(MustacheDockerfileRenderer.BUILT_IN_TEMPLATE)) {
            builtIn = in.readAllBytes();
        }
        Path file = Files.write(dir.resolve("copy.mustache"), builtIn);
        var recipe = Recipes.recipe(List.of("curl"), List.of("numpy=1.26"), List.of("pandas>=2"));

        assertEquals(
                new MustacheDockerfileRenderer().render(recipe),
                MustacheDockerfileRenderer.fromTemplateFile(file).render(recipe));
        assertEquals(
                new MustacheDockerfileRenderer()
                        .withPipBreakSystemPackages(true)
                        .render(recipe),
                MustacheDockerfileRenderer.fromTemplateFile(file)
                        .withPipBreakSystemPackages(true)
                        .render(recipe));
    }
}
