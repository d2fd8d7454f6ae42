package io.primehub.imagebuilder.domain.planning;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.validation.BuildRecipe;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;

/** Turns a spec into the job of its current revision. */
public final class JobPlanner {

    private JobPlanner() {
    }

    /**
     * The job the controller makes for {@code spec} when images go to {@code target}.
     *
     * @throws io.primehub.imagebuilder.domain.validation.InvalidImageSpecException when the spec is invalid
     */
    public static ImageSpecJob plan(ImageSpec spec, RegistryTarget target) {
        BuildRecipe recipe = ImageSpecValidator.validate(spec);
        Revision revision = recipe.revision();
        return new ImageSpecJob(
                spec.namespace(),
                ObjectNames.jobName(spec.name(), revision),
                spec.name(),
                revision,
                spec.baseImage(),
                spec.pullSecret(),
                spec.packages(),
                spec.name() + ":" + revision.value(),
                target.repoPrefix(),
                target.pushSecretName(),
                spec.updateTime());
    }
}
