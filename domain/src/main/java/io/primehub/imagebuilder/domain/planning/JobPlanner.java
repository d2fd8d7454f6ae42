package io.primehub.imagebuilder.domain.planning;

import io.primehub.imagebuilder.domain.model.ImageReference;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobOrigin;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import io.primehub.imagebuilder.domain.validation.InvalidImageSpecException;
import io.primehub.imagebuilder.domain.validation.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a spec into the job of its current revision, with PrimeHub's names: an {@code ImageSpec}'s job is
 * {@code <spec>-<revision>}, an {@code Image}'s job is named after the Image. The pushed image is
 * {@code <prefix>/<name>:<revision>}, or {@code <push repo>:<name>-<revision>} in push-repository mode.
 *
 * <p>A spec is planned only when everything its build would need holds: the spec is valid, and the image it pushes
 * is one that buildah can push (its repository name, {@code <prefix>/<name>}, at most 255 characters). Every
 * problem is reported at once, each on its field.
 */
public final class JobPlanner {

    /**
     * Longest name of an {@code Image} that can be built: its job carries the name as a label value, so it must be a
     * DNS label.
     */
    public static final int MAX_IMAGE_NAME_LENGTH = ObjectNames.MAX_LABEL_LENGTH;

    /** The registry of images a local build tags and does not push. */
    public static final String LOCAL_REGISTRY = "localhost";

    private JobPlanner() {}

    /**
     * The job the controller makes for {@code spec} when images go to {@code target}.
     *
     * @throws InvalidImageSpecException when the spec is invalid, or its image cannot be pushed to {@code target}
     */
    public static ImageSpecJob plan(ImageSpec spec, RegistryTarget target) {
        List<Violation> violations = new ArrayList<>(ImageSpecValidator.problems(spec));
        Revision revision = spec.revision();
        return plan(
                spec,
                revision,
                target,
                ObjectNames.jobName(spec.name(), revision),
                spec.updateTime(),
                JobOrigin.IMAGE_SPEC,
                violations);
    }

    /**
     * The job of an {@code Image}'s {@code spec.imageSpec} ({@code spec} holds the Image's name and namespace): named
     * after the Image, with {@code updateTime} (the Image's, or the time the controller gives the job when the Image
     * has none, as PrimeHub's controller does).
     *
     * @throws InvalidImageSpecException when the image spec is invalid, the Image's name too long to build, or its
     *                                   image cannot be pushed to {@code target}
     */
    public static ImageSpecJob planForImage(ImageSpec spec, RegistryTarget target, String updateTime) {
        List<Violation> violations = new ArrayList<>(ImageSpecValidator.problems(spec));
        if (!nameHasProblem(violations) && spec.name().length() > MAX_IMAGE_NAME_LENGTH) {
            violations.add(
                    0,
                    Violation.of(
                            "metadata.name",
                            spec.name(),
                            "is longer than " + MAX_IMAGE_NAME_LENGTH
                                    + " characters: the build job is named and labelled after the Image"));
        }
        return plan(spec, spec.revision(), target, spec.name(), updateTime, JobOrigin.IMAGE, violations);
    }

    /**
     * The image a local build of {@code spec} tags and keeps, without a push: {@code localhost/<name>:<revision>}.
     *
     * @throws InvalidImageSpecException when the spec is invalid, or its name too long for a repository name
     */
    public static String localImage(ImageSpec spec) {
        List<Violation> violations = new ArrayList<>(ImageSpecValidator.problems(spec));
        String image =
                LOCAL_REGISTRY + "/" + spec.name() + ":" + spec.revision().value();
        if (!nameHasProblem(violations)) {
            ImageReference.buildProblem(image)
                    .ifPresent(problem -> violations.add(
                            0,
                            Violation.of(
                                    "metadata.name",
                                    spec.name(),
                                    "cannot name the local image: it " + problem
                                            + "; under " + LOCAL_REGISTRY + "/ a name has at most "
                                            + roomUnder(LOCAL_REGISTRY)
                                            + " characters")));
        }
        throwIfAny(violations);
        return image;
    }

    private static ImageSpecJob plan(
            ImageSpec spec,
            Revision revision,
            RegistryTarget target,
            String jobName,
            String updateTime,
            JobOrigin origin,
            List<Violation> violations) {
        String repository = target.naming().repository(spec.namespace(), spec.name());
        String targetImage = target.isPushRepository()
                ? target.pushRepo() + ":" + ObjectNames.jobName(repository, revision)
                : repository + ":" + revision.value();
        ImageSpecJob job = new ImageSpecJob(
                spec.namespace(),
                jobName,
                spec.name(),
                revision,
                spec.baseImage(),
                spec.pullSecret(),
                spec.packages(),
                targetImage,
                target.repoPrefix(),
                target.pushSecretName(),
                updateTime,
                origin);
        if (!nameHasProblem(violations)) {
            ImageReference.buildProblem(job.pushedImage())
                    .ifPresent(problem -> violations.add(0, pushedImageViolation(spec, target, problem)));
        }
        throwIfAny(violations);
        return job;
    }

    /** The pushed image's problem, put on the name that makes it: the prefix and the revision are the admin's own. */
    private static Violation pushedImageViolation(ImageSpec spec, RegistryTarget target, String problem) {
        String hint = target.isPushRepository()
                ? ""
                : "; under the repo prefix " + target.repoPrefix() + " a name has at most "
                        + roomUnder(target.repoPrefix()) + " characters";
        return Violation.of("metadata.name", spec.name(), "cannot name the pushed image: it " + problem + hint);
    }

    /** The longest name that fits under {@code prefix}: a repository name is at most 255 characters, as buildah counts. */
    private static int roomUnder(String prefix) {
        int prefixLength = ImageReference.parse(prefix + "/x").canonicalName().length() - 1;
        return Math.max(ImageReference.MAX_NAME_LENGTH - prefixLength, 0);
    }

    /** An invalid name is reported already; the image it would give says nothing more. */
    private static boolean nameHasProblem(List<Violation> violations) {
        return violations.stream().anyMatch(v -> v.field().equals("metadata.name"));
    }

    private static void throwIfAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidImageSpecException(violations);
        }
    }
}
