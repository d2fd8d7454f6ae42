package io.primehub.imagebuilder.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.validation.BuildRecipe;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MustacheDockerfileRendererTest {

    private final MustacheDockerfileRenderer renderer = new MustacheDockerfileRenderer();

    @Test
    void rendersTheExampleOfTheDocs() {
        BuildRecipe recipe =
                Recipes.recipe("jupyter/base-notebook", List.of("curl"), List.of("numpy=1.26"), List.of("pandas>=2"));

        assertEquals("""
                FROM jupyter/base-notebook
                USER root
                # USER is restored to the base image's by the build script
                RUN apt-get update \\
                 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends 'curl' \\
                 && apt-get clean \\
                 && rm -rf /var/lib/apt/lists/*
                RUN conda install -y 'numpy=1.26' \\
                 && conda clean -afy \\
                 && if command -v fix-permissions >/dev/null 2>&1 && [ -n "${CONDA_DIR:-}" ] && [ -n "${NB_USER:-}" ]; then \\
                      fix-permissions "$CONDA_DIR" && fix-permissions "/home/$NB_USER"; fi
                RUN pip install --no-cache-dir 'pandas>=2' \\
                 && if command -v fix-permissions >/dev/null 2>&1 && [ -n "${CONDA_DIR:-}" ] && [ -n "${NB_USER:-}" ]; then \\
                      fix-permissions "$CONDA_DIR" && fix-permissions "/home/$NB_USER"; fi
                """, renderer.render(recipe));
    }

    /**
     * Jupyter Docker Stacks ask derived images to run their {@code fix-permissions} after installing with conda or pip
     * as root, so that the notebook user can still change its environment. It runs in the install's own RUN (one
     * layer per manager, no second copy of the files), only where the stacks' script and variables are.
     */
    @Test
    void theCondaAndPipLayersEndWithTheStacksGuardedFixPermissionsInTheirOwnRun() {
        String guarded = "if command -v fix-permissions >/dev/null 2>&1 && [ -n \"${CONDA_DIR:-}\" ]"
                + " && [ -n \"${NB_USER:-}\" ]; then"
                + "       fix-permissions \"$CONDA_DIR\" && fix-permissions \"/home/$NB_USER\"; fi";
        String dockerfile =
                renderer.render(Recipes.recipe(List.of("curl"), List.of("numpy=1.26"), List.of("pandas>=2")));

        List<String> runs = DockerfileInstructions.runCommands(dockerfile);

        assertEquals(3, runs.size(), "one RUN layer for each manager: " + dockerfile);
        assertFalse(runs.get(0).contains("fix-permissions"), "apt's layer leaves conda alone: " + runs.get(0));
        assertTrue(runs.get(1).startsWith("conda install -y 'numpy=1.26'"), runs.get(1));
        assertTrue(runs.get(1).endsWith(" && conda clean -afy  && " + guarded), runs.get(1));
        assertTrue(runs.get(2).startsWith("pip install --no-cache-dir 'pandas>=2'"), runs.get(2));
        assertTrue(runs.get(2).endsWith(" && " + guarded), runs.get(2));
    }

    @Test
    void pipMayBreakSystemPackagesOnlyWhenAskedAndThroughPipsOwnVariableOnItsLineAlone() {
        BuildRecipe recipe = Recipes.recipe(List.of("python3-pip"), List.of("numpy=1.26"), List.of("pandas>=2"));
        String off = renderer.render(recipe);
        String on = renderer.withPipBreakSystemPackages(true).render(recipe);

        assertFalse(renderer.pipBreakSystemPackages(), "off unless asked for");
        assertFalse(off.contains("BREAK_SYSTEM_PACKAGES") || off.contains("break-system-packages"), off);
        List<String> runs = DockerfileInstructions.runCommands(on);
        assertEquals(3, runs.size(), on);
        assertTrue(
                runs.get(2).startsWith("PIP_BREAK_SYSTEM_PACKAGES=1 pip install --no-cache-dir 'pandas>=2' "),
                runs.get(2));
        assertEquals(
                off,
                on.replace("RUN PIP_BREAK_SYSTEM_PACKAGES=1 pip install", "RUN pip install"),
                "nothing but the pip line changes");
        assertEquals(
                off,
                renderer.withPipBreakSystemPackages(true)
                        .withPipBreakSystemPackages(false)
                        .render(recipe));
    }

    @Test
    void neverHtmlEscapes() {
        String dockerfile = renderer.render(Recipes.recipe(
                List.of("g++"), List.of("numpy>=1.26,<2"), List.of("requests[security]>=2.31,<3", "numpy!=1.25")));

        assertTrue(dockerfile.contains("'g++' "), dockerfile);
        assertTrue(dockerfile.contains("'numpy>=1.26,<2' "), dockerfile);
        assertTrue(dockerfile.contains("'requests[security]>=2.31,<3' 'numpy!=1.25' \\\n"), dockerfile);
        assertFalse(
                dockerfile.contains("&gt;") || dockerfile.contains("&lt;") || dockerfile.contains("&#"), dockerfile);
    }

    @Test
    void writesTheBaseImageAsTheAdminWroteItRegistryPortTagOrDigestIncluded() {
        // Not both a tag and a digest: buildah cannot pull that, so the validator refuses it.
        for (String base : List.of(
                "registry.example.com:5000/team/base-image:v1.2",
                "registry.example.com:5000/team/base-image@sha256:" + "0123456789abcdef".repeat(4))) {
            String dockerfile = renderer.render(Recipes.recipe(base, List.of(), List.of(), List.of()));

            assertTrue(dockerfile.startsWith("FROM " + base + "\nUSER root\n"), dockerfile);
        }
    }

    @Test
    void aSpecWithoutPackagesOnlySwitchesToRoot() {
        assertEquals("""
                FROM ubuntu:22.04
                USER root
                # USER is restored to the base image's by the build script
                """, renderer.render(Recipes.recipe("ubuntu:22.04", List.of(), List.of(), List.of())));
    }

    @Test
    void keepsThePackagesInTheSpecsOrderWithDuplicates() {
        String dockerfile = renderer.render(Recipes.recipe(List.of(), List.of(), List.of("b", "a", "b")));

        assertTrue(dockerfile.contains("RUN pip install --no-cache-dir 'b' 'a' 'b' \\\n"), dockerfile);
    }

    @Test
    void theSameRecipeGivesTheSameBytesFromAnyRenderer() {
        BuildRecipe recipe = Recipes.recipe(List.of("curl"), List.of("numpy=1.26"), List.of("pandas>=2"));

        assertEquals(renderer.render(recipe), new MustacheDockerfileRenderer().render(recipe));
        assertEquals(renderer.render(recipe), renderer.render(recipe));
    }

    @Test
    void loadsItsTemplateWithItsOwnClassLoaderNotTheThreadsContextClassLoader() {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        // An embedding service may run us on a thread whose context class loader cannot see this jar.
        try (URLClassLoader blind = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(blind);
            String dockerfile =
                    new MustacheDockerfileRenderer().render(Recipes.recipe(List.of("curl"), List.of(), List.of()));
            assertTrue(dockerfile.startsWith("FROM "), dockerfile);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void oneRendererServesManyThreadsAtOnce() throws InterruptedException, ExecutionException {
        List<BuildRecipe> recipes = List.of(
                Recipes.recipe(List.of("curl"), List.of(), List.of()),
                Recipes.recipe(List.of(), List.of("numpy=1.26"), List.of("pandas>=2")),
                Recipes.recipe(List.of("git"), List.of("scipy"), List.of("requests")),
                Recipes.recipe(List.of(), List.of(), List.of()));
        List<String> expected =
                recipes.stream().map(new MustacheDockerfileRenderer()::render).toList();
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            tasks.add(() -> {
                List<String> out = new ArrayList<>();
                for (int round = 0; round < 100; round++) {
                    out.addAll(recipes.stream().map(renderer::render).toList());
                }
                return out;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<List<String>> result : pool.invokeAll(tasks)) {
                List<String> out = result.get();
                for (int i = 0; i < out.size(); i++) {
                    assertEquals(expected.get(i % expected.size()), out.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void namesItsBuiltInTemplate() {
        assertEquals("io/primehub/imagebuilder/renderer/Dockerfile.mustache", renderer.templateName());
        assertTrue(MustacheDockerfileRenderer.class
                        .getClassLoader()
                        .getResource(MustacheDockerfileRenderer.BUILT_IN_TEMPLATE)
                != null);
    }
}
