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
import java.util.List;
import java.util.Objects;

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
        tryEveryShape();
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

    @Override
    public String render(BuildRecipe recipe) {
        Objects.requireNonNull(recipe, "recipe");
        return render(DockerfileView.of(recipe));
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
     * Renders every combination of used and unused package managers. mustache.java resolves a name only when
     * its section is rendered, so this is what makes an unknown name inside any section fail now.
     */
    private void tryEveryShape() {
        PackageManager[] managers = PackageManager.values();
        for (int used = 0; used < 1 << managers.length; used++) {
            render(DockerfileView.of(PROBE_BASE_IMAGE, Packages.of(
                    probe(used, PackageManager.APT), probe(used, PackageManager.PIP), probe(used, PackageManager.CONDA))));
        }
    }

    private static List<String> probe(int used, PackageManager manager) {
        return (used & 1 << manager.ordinal()) != 0 ? PROBE_PACKAGES : List.of();
    }
}
