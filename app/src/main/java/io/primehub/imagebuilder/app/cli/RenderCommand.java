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
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Print the Dockerfile for an ImageSpec manifest.",
            "The manifest is validated first; an invalid one prints every problem to standard error and exits 2."})
final class RenderCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    ManifestInput input;

    @Option(names = "--template", paramLabel = "FILE",
            description = "A Mustache template to render instead of the built-in one (see docs/renderer.md).")
    Path template;

    @Override
    public Integer call() {
        ImageSpec spec = input.read(main.context.in());
        String dockerfile = renderer(template).render(ImageSpecValidator.validate(spec));
        main.context.out().print(dockerfile);
        main.context.out().flush();
        return ExitCodes.OK;
    }

    static DockerfileRenderer renderer(Path template) {
        if (template == null) {
            return new MustacheDockerfileRenderer();
        }
        try {
            return MustacheDockerfileRenderer.fromTemplateFile(template);
        } catch (DockerfileTemplateException e) {
            throw new ConfigurationProblem(e.getMessage());
        }
    }
}
