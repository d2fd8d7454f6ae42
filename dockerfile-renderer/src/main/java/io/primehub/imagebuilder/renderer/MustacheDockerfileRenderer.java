package io.primehub.imagebuilder.renderer;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheResolver;
import io.primehub.imagebuilder.domain.model.PackageManager;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.port.DockerfileRenderer;
import io.primehub.imagebuilder.domain.validation.BuildRecipe;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a validated {@link BuildRecipe} to a Dockerfile with a Mustache template: the built-in one, or an
 * administrator's file. The template is compiled and tried once, when the renderer is made, so a broken
 * template fails then rather than at the first build; after that the renderer is immutable and safe to share
 * between threads.
 *
 * <p>The output always ends with a line break, and the same recipe always gives the same bytes.
 */
public final class MustacheDockerfileRenderer implements DockerfileRenderer {

    /** The classpath resource of the built-in template. */
    public static final String BUILT_IN_TEMPLATE = "io/primehub/imagebuilder/renderer/Dockerfile.mustache";

    private static final String PROBE_BASE_IMAGE = "probe/base-image:latest";
    private static final List<String> PROBE_PACKAGES = List.of("probe-package");

    private final String templateName;
    private final Mustache template;
    /** Whether the template renders differently when {@code pipBreakSystemPackages} is true: found by trying it. */
    private final boolean usesPipBreakSystemPackages;

    private final boolean pipBreakSystemPackages;

    /** The renderer of the built-in template. */
    public MustacheDockerfileRenderer() {
        this(BUILT_IN_TEMPLATE, TemplateSources.classpath(MustacheDockerfileRenderer.class.getClassLoader()));
    }

    private MustacheDockerfileRenderer(String templateName, MustacheResolver resolver) {
        this.templateName = templateName;
        try {
            this.template = new DockerfileMustacheFactory(resolver).compile(templateName);
        } catch (MustacheException e) {
            throw DockerfileTemplateException.from(templateName, e);
        } catch (UncheckedIOException e) {
            throw new DockerfileTemplateException(templateName, 0, e.getMessage() + ": " + e.getCause(), e);
        }
        this.usesPipBreakSystemPackages = tryEveryShape();
        this.pipBreakSystemPackages = false;
    }

    private MustacheDockerfileRenderer(MustacheDockerfileRenderer compiled, boolean pipBreakSystemPackages) {
        this.templateName = compiled.templateName;
        this.template = compiled.template;
        this.usesPipBreakSystemPackages = compiled.usesPipBreakSystemPackages;
        this.pipBreakSystemPackages = pipBreakSystemPackages;
    }

    /**
     * The renderer of an administrator's template file (UTF-8). Partials it includes are read from its folder
     * or below. See {@code docs/renderer.md} for the view model.
     *
     * @throws DockerfileTemplateException when the file cannot be read, does not parse (the message names the
     *                                     file and line), or uses a name that is not in the view model
     */
    public static MustacheDockerfileRenderer fromTemplateFile(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new DockerfileTemplateException(file.toString(), 0, "no such file", null);
        }
        Path folder = file.toAbsolutePath().normalize().getParent();
        return new MustacheDockerfileRenderer(file.toString(), TemplateSources.directory(folder));
    }

    /**
     * The same template, rendered with the view model's {@code pipBreakSystemPackages} set to {@code on}: pip may then
     * install over the packages of a base whose Python is externally managed (PEP 668: Debian 12, Ubuntu 24.04), which
     * it otherwise refuses. Off unless asked for: it is the administrator's choice, and it can break the base's own
     * Python tools.
     *
     * @throws DockerfileTemplateException when {@code on} and the template never uses {@code pipBreakSystemPackages}:
     *                                     the setting would silently do nothing
     */
    public MustacheDockerfileRenderer withPipBreakSystemPackages(boolean on) {
        if (on && !usesPipBreakSystemPackages) {
            throw new DockerfileTemplateException(
                    templateName,
                    0,
                    "pip is to break system packages, but the template"
                            + " never uses pipBreakSystemPackages, so that would do nothing: write"
                            + " {{#pipBreakSystemPackages}}PIP_BREAK_SYSTEM_PACKAGES=1 {{/pipBreakSystemPackages}} before its"
                            + " pip install (as the built-in template does), or leave the setting off",
                    null);
        }
        return on == pipBreakSystemPackages ? this : new MustacheDockerfileRenderer(this, on);
    }

    /** Whether pip may install over an externally managed Python's packages ({@link #withPipBreakSystemPackages}). */
    public boolean pipBreakSystemPackages() {
        return pipBreakSystemPackages;
    }

    @Override
    public String render(BuildRecipe recipe) {
        Objects.requireNonNull(recipe, "recipe");
        return render(DockerfileView.of(recipe, pipBreakSystemPackages));
    }

    /** The template this renderer uses: a classpath resource or a file path. */
    public String templateName() {
        return templateName;
    }

    private String render(DockerfileView view) {
        StringWriter out = new StringWriter();
        try {
            template.execute(out, view);
        } catch (MustacheException e) {
            throw DockerfileTemplateException.from(templateName, e);
        }
        String text = out.toString();
        return text.endsWith("\n") ? text : text + "\n";
    }

    /**
     * Renders every combination of used and unused package managers, each with {@code pipBreakSystemPackages} false
     * and true. mustache.java resolves a name only when its section is rendered, so this is what makes an unknown name
     * inside any section fail now.
     *
     * @return whether {@code pipBreakSystemPackages} changed any output
     */
    private boolean tryEveryShape() {
        PackageManager[] managers = PackageManager.values();
        boolean flagChangesOutput = false;
        // each bit of shape says whether one manager is used
        for (int shape = 0; shape < 1 << managers.length; shape++) {
            Set<PackageManager> used = EnumSet.noneOf(PackageManager.class);
            for (int i = 0; i < managers.length; i++) {
                if ((shape & (1 << i)) != 0) {
                    used.add(managers[i]);
                }
            }
            Packages packages = Packages.of(
                    probe(used, PackageManager.APT),
                    probe(used, PackageManager.PIP),
                    probe(used, PackageManager.CONDA));
            String without = render(DockerfileView.of(PROBE_BASE_IMAGE, packages, false));
            String with = render(DockerfileView.of(PROBE_BASE_IMAGE, packages, true));
            flagChangesOutput |= !with.equals(without);
        }
        return flagChangesOutput;
    }

    private static List<String> probe(Set<PackageManager> used, PackageManager manager) {
        return used.contains(manager) ? PROBE_PACKAGES : List.of();
    }
}
