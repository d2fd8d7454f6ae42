package io.primehub.imagebuilder.domain.planning;

import io.primehub.imagebuilder.domain.model.ImageReference;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobOrigin;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.validation.BuildRecipe;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import io.primehub.imagebuilder.domain.validation.InvalidImageSpecException;
import io.primehub.imagebuilder.domain.validation.Violation;
import java.util.List;

/**
 * Turns a spec into the job of its current revision, with PrimeHub's names: an {@code ImageSpec}'s job is
 * {@code <spec>-<revision>}, an {@code Image}'s job is named after the Image. The pushed image is
 * {@code <prefix>/<name>:<revision>}, or {@code <push repo>:<name>-<revision>} in push-repository mode.
 */
public final class JobPlanner {

    /**
     * Longest name of an {@code Image} that can be built: its job carries the name as a label value, so it must be a
     * DNS label.
     */
    public static final int MAX_IMAGE_NAME_LENGTH = ObjectNames.MAX_LABEL_LENGTH;

    private JobPlanner() {
    }

    /**
     * The job the controller makes for {@code spec} when images go to {@code target}.
     *
     * @throws InvalidImageSpecException when the spec is invalid
     */
    public static ImageSpecJob plan(ImageSpec spec, RegistryTarget target) {
        BuildRecipe recipe = ImageSpecValidator.validate(spec);
        String jobName = ObjectNames.jobName(spec.name(), recipe.revision());
        return plan(spec, recipe.revision(), target, jobName, spec.updateTime(), JobOrigin.IMAGE_SPEC);
    }

    /**
     * The job of an {@code Image}'s {@code spec.imageSpec} ({@code spec} holds the Image's name and namespace): named
     * after the Image, with {@code updateTime} (the Image's, or the time the controller gives the job when the Image
     * has none, as PrimeHub's controller does).
     *
     * @throws InvalidImageSpecException when the image spec is invalid, or the Image's name too long to build
     */
    public static ImageSpecJob planForImage(ImageSpec spec, RegistryTarget target, String updateTime) {
        if (spec.name().length() > MAX_IMAGE_NAME_LENGTH) {
            throw new InvalidImageSpecException(List.of(Violation.of("metadata.name", spec.name(), "is longer than "
                    + MAX_IMAGE_NAME_LENGTH + " characters: the build job is named and labelled after the Image")));
        }
        BuildRecipe recipe = ImageSpecValidator.validate(spec);
        return plan(spec, recipe.revision(), target, spec.name(), updateTime, JobOrigin.IMAGE);
    }

    private static ImageSpecJob plan(ImageSpec spec, Revision revision, RegistryTarget target, String jobName,
                                     String updateTime, JobOrigin origin) {
        String repository = target.naming().repository(spec.namespace(), spec.name());
        String targetImage = target.isPushRepository()
                ? target.pushRepo() + ":" + ObjectNames.jobName(repository, revision)
                : repository + ":" + revision.value();
        ImageSpecJob job = new ImageSpecJob(spec.namespace(), jobName, spec.name(), revision, spec.baseImage(),
                spec.pullSecret(), spec.packages(), targetImage, target.repoPrefix(), target.pushSecretName(),
                updateTime, origin);
        ImageReference.problem(job.pushedImage()).ifPresent(problem -> {
            throw new InvalidImageSpecException(List.of(Violation.of("metadata.name", spec.name(),
                    "gives the image reference " + job.pushedImage() + ", which " + problem)));
        });
        return job;
    }
}
