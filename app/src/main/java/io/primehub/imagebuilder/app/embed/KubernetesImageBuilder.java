package io.primehub.imagebuilder.app.embed;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.status.JobStatus;
import io.primehub.imagebuilder.domain.status.SpecStatus;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** The facade over the API server: every call goes to {@link ImageSpecOperations}. */
public final class KubernetesImageBuilder implements ImageBuilder {

    private final Supplier<ImageSpecOperations> operations;

    public KubernetesImageBuilder(ImageSpecOperations operations) {
        Objects.requireNonNull(operations, "operations");
        this.operations = () -> operations;
    }

    /** Asks {@code operations} on each call; an injector passes one that makes them once, on first use. */
    public KubernetesImageBuilder(Supplier<ImageSpecOperations> operations) {
        this.operations = Objects.requireNonNull(operations, "operations");
    }

    @Override
    public void apply(ImageSpec spec) {
        Objects.requireNonNull(spec, "spec");
        // An embedding service hears about a bad spec from its own call, not later from a status condition.
        ImageSpecValidator.validate(spec);
        operations.get().apply(spec);
    }

    @Override
    public Optional<SpecStatus> status(String namespace, String name) {
        return operations.get().status(namespace, name);
    }

    @Override
    public List<JobStatus> jobs(String namespace, String specName) {
        return operations.get().jobs(namespace, specName);
    }

    @Override
    public void rebuild(String namespace, String name) {
        operations.get().rebuild(namespace, name);
    }

    @Override
    public boolean cancel(String namespace, String name) {
        return operations.get().cancel(namespace, name);
    }

    @Override
    public String buildLog(String namespace, String jobName) {
        return operations.get().buildLog(namespace, jobName);
    }
}
