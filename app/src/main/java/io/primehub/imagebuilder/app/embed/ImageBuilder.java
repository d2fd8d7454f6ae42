package io.primehub.imagebuilder.app.embed;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.status.JobStatus;
import io.primehub.imagebuilder.domain.status.SpecStatus;
import java.util.List;
import java.util.Optional;

/**
 * What a PrimeHub service does with custom images, without knowing about resources and watches. Obtain it from
 * an injector that has {@link io.primehub.imagebuilder.app.inject.ImageBuilderModule} installed. The builds
 * themselves are run by the controller, in this process ({@link ControllerService}) or in its own Deployment.
 */
public interface ImageBuilder {

    /**
     * Creates the spec or updates it to {@code spec}. A new revision (base image or packages) leads to a new build.
     *
     * @throws io.primehub.imagebuilder.domain.validation.InvalidImageSpecException listing every problem of the
     *     spec; nothing is sent to the cluster then
     */
    void apply(ImageSpec spec);

    /** The spec's status (phase, newest job, pushed image, conditions), empty when the spec does not exist. */
    Optional<SpecStatus> status(String namespace, String name);

    /** The spec's jobs, newest first. */
    List<JobStatus> jobs(String namespace, String specName);

    /** Asks for a new build of the spec's current revision, as PrimeHub's console does (by touching its update time). */
    void rebuild(String namespace, String name);

    /** Cancels the spec's running build; false when none runs. */
    boolean cancel(String namespace, String name);

    /** The build log of a job (the output of its build pod). */
    String buildLog(String namespace, String jobName);
}
