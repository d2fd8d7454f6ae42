package io.primehub.imagebuilder.benchmarks;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.planning.JobPlanner;
import io.primehub.imagebuilder.domain.validation.BuildRecipe;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import io.primehub.imagebuilder.renderer.MustacheDockerfileRenderer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure parts of the controller, one spec per operation, single thread: what a reconcile of a spec costs before
 * any I/O. Each operation takes the next spec of a fixed corpus of {@value Specs#COUNT} distinct specs, so that no
 * result is the same object twice in a row. Scores are operations (specs) per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m"})
@Threads(1)
public class PureParts {

    private static final RegistryTarget TARGET = new RegistryTarget("registry.example.test:5000/team", "push-secret");

    private final MustacheDockerfileRenderer renderer = new MustacheDockerfileRenderer();
    private List<ImageSpec> specs;
    private List<BuildRecipe> recipes;
    private int next;

    @Setup
    public void loadCorpus() {
        specs = Specs.corpus();
        recipes = specs.stream().map(ImageSpecValidator::validate).toList();
    }

    private int nextIndex() {
        int index = next;
        next = (next + 1) % Specs.COUNT;
        return index;
    }

    /** Every field of a spec checked, as the controller does before anything else. */
    @Benchmark
    public BuildRecipe validate() {
        return ImageSpecValidator.validate(specs.get(nextIndex()));
    }

    /** The revision: SHA-1 of PrimeHub's canonical text. */
    @Benchmark
    public Revision revision() {
        ImageSpec spec = specs.get(nextIndex());
        return Revision.of(spec.baseImage(), spec.packages());
    }

    /** The Dockerfile of a validated recipe, with the built-in template. */
    @Benchmark
    public String render() {
        return renderer.render(recipes.get(nextIndex()));
    }

    /** The job of a spec's revision: validation, revision, names and push target. */
    @Benchmark
    public ImageSpecJob plan() {
        return JobPlanner.plan(specs.get(nextIndex()), TARGET);
    }
}
