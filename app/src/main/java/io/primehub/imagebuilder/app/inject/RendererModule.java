package io.primehub.imagebuilder.app.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.multibindings.OptionalBinder;
import io.primehub.imagebuilder.domain.port.DockerfileRenderer;
import io.primehub.imagebuilder.renderer.MustacheDockerfileRenderer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The default Dockerfile renderer: the built-in Mustache template, or the administrator's template file, with pip
 * allowed to break an externally managed Python's packages when the administrator said so.
 */
public final class RendererModule extends AbstractModule {

    private final Optional<Path> template;
    private final boolean pipBreakSystemPackages;

    public RendererModule(Optional<Path> template, boolean pipBreakSystemPackages) {
        this.template = Objects.requireNonNull(template, "template");
        this.pipBreakSystemPackages = pipBreakSystemPackages;
    }

    @Override
    protected void configure() {
        // The template is read and compiled on first use, not while the injector is built.
        OptionalBinder.newOptionalBinder(binder(), Key.get(DockerfileRenderer.class, ForImageBuilder.class))
                .setDefault()
                .toProvider(new Memoized<>(() -> template.map(MustacheDockerfileRenderer::fromTemplateFile)
                        .orElseGet(MustacheDockerfileRenderer::new)
                        .withPipBreakSystemPackages(pipBreakSystemPackages)));
    }
}
