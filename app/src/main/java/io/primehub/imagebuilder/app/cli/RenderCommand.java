package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.port.DockerfileRenderer;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import io.primehub.imagebuilder.renderer.DockerfileTemplateException;
import io.primehub.imagebuilder.renderer.MustacheDockerfileRenderer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Prints the Dockerfile of an ImageSpec manifest. */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = {
            "Print the Dockerfile for an ImageSpec manifest.",
            "The manifest is validated first; an invalid one prints every problem to standard error and exits 2."
        })
final class RenderCommand implements Callable<Integer> {

    /** The description of {@code --pip-break-system-packages}, which {@code build} takes as well. */
    static final String PIP_BREAK_SYSTEM_PACKAGES = "Let pip install over the packages of a base image whose Python is"
            + " externally managed (PEP 668: Debian 12, Ubuntu 24.04), as the controller does with"
            + " PRIMEHUB_CUSTOM_IMAGE_PIP_BREAK_SYSTEM_PACKAGES=true: the pip layer gets PIP_BREAK_SYSTEM_PACKAGES=1.";

    @ParentCommand
    Main main;

    @Mixin
    ManifestInput input;

    @Option(
            names = "--template",
            paramLabel = "FILE",
            description = "A Mustache template to render instead of the built-in one (see docs/renderer.md).")
    Path template;

    @Option(names = "--pip-break-system-packages", description = PIP_BREAK_SYSTEM_PACKAGES)
    boolean pipBreakSystemPackages;

    @Override
    public Integer call() {
        ImageSpec spec = input.read(main.context.in());
        String dockerfile = renderer(template, pipBreakSystemPackages).render(ImageSpecValidator.validate(spec));
        main.context.out().print(dockerfile);
        main.context.out().flush();
        return ExitCodes.OK;
    }

    static DockerfileRenderer renderer(Path template, boolean pipBreakSystemPackages) {
        try {
            MustacheDockerfileRenderer renderer = template == null
                    ? new MustacheDockerfileRenderer()
                    : MustacheDockerfileRenderer.fromTemplateFile(template);
            return renderer.withPipBreakSystemPackages(pipBreakSystemPackages);
        } catch (DockerfileTemplateException e) {
            throw new ConfigurationProblem(e.getMessage());
        }
    }
}
