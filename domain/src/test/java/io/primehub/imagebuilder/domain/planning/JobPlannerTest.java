package io.primehub.imagebuilder.domain.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.ImageNaming;
import io.primehub.imagebuilder.domain.model.ImageReference;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobOrigin;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import io.primehub.imagebuilder.domain.validation.InvalidImageSpecException;
import io.primehub.imagebuilder.domain.validation.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobPlannerTest {

    private static final RegistryTarget TARGET = new RegistryTarget("127.0.0.1:5000/team", "push-secret");

    @Test
    void plansTheJobOfTheSpecsRevision() {
        ImageSpec spec = new ImageSpec(
                "hub",
                "base-curl",
                "jupyter/base-notebook",
                "regcred",
                new Packages(List.of("curl"), null, null),
                "2026-11-27T00:00:00Z");
        ImageSpecJob job = JobPlanner.plan(spec, TARGET);
        assertEquals("base-curl-96ff7925", job.name());
        assertEquals("hub", job.namespace());
        assertEquals("base-curl:96ff7925", job.targetImage());
        assertEquals("127.0.0.1:5000/team", job.repoPrefix());
        assertEquals("127.0.0.1:5000/team/base-curl:96ff7925", job.pushedImage());
        assertEquals("push-secret", job.pushSecret());
        assertEquals("regcred", job.pullSecret());
        assertEquals("2026-11-27T00:00:00Z", job.updateTime());
        assertEquals(Map.of("app", "primehub-custom-image", "imagespecs.primehub.io/name", "base-curl"), job.labels());
        assertEquals(Map.of("imagespecs.primehub.io/hash", "96ff7925"), job.annotations());
    }

    @Test
    void refusesToPlanAnInvalidSpec() {
        ImageSpec spec =
                new ImageSpec("hub", "s", "jupyter/base-notebook", "", new Packages(null, List.of("x; id"), null), "");
        assertThrows(InvalidImageSpecException.class, () -> JobPlanner.plan(spec, TARGET));
    }

    @Test
    void registryTargetRejectsBadPrefixesAndSecretNames() {
        assertThrows(IllegalArgumentException.class, () -> new RegistryTarget("Bad Prefix", "s"));
        assertThrows(IllegalArgumentException.class, () -> new RegistryTarget("team", "Bad_Secret"));
        assertEquals("docker.io", new RegistryTarget("team", "s").registryHost());
        assertEquals("127.0.0.1:5000", TARGET.registryHost());
    }

    @Test
    void inPushRepositoryModeEveryImageIsATagOfTheOneRepository() {
        RegistryTarget one = RegistryTarget.pushRepository("127.0.0.1:5000/team/custom-image", "push-secret");
        ImageSpec spec = new ImageSpec(
                "hub", "base-curl", "jupyter/base-notebook", "", new Packages(List.of("curl"), null, null), "");
        ImageSpecJob job = JobPlanner.plan(spec, one);
        assertEquals("127.0.0.1:5000/team/custom-image:base-curl-96ff7925", job.targetImage());
        assertEquals("", job.repoPrefix());
        assertEquals("127.0.0.1:5000/team/custom-image:base-curl-96ff7925", job.pushedImage());
        assertEquals("127.0.0.1:5000", one.registryHost());
        assertEquals("127.0.0.1:5000/team/custom-image:x-1", one.imageFor("x", "1"));
        assertThrows(IllegalArgumentException.class, () -> RegistryTarget.pushRepository("Bad Repo", "s"));
    }

    @Test
    void anImagesJobIsNamedAfterTheImageAndLabelledAsPrimeHubLabelsIt() {
        ImageSpec image = new ImageSpec(
                "hub",
                "my-image",
                "jupyter/base-notebook",
                "",
                new Packages(List.of("curl"), null, null),
                "2026-12-01T08:00:00.000Z");
        ImageSpecJob job = JobPlanner.planForImage(image, TARGET, image.updateTime());
        assertEquals("my-image", job.name());
        assertEquals(JobOrigin.IMAGE, job.origin());
        assertEquals("127.0.0.1:5000/team/my-image:96ff7925", job.pushedImage());
        assertEquals("2026-12-01T08:00:00.000Z", job.updateTime());
        assertEquals(Map.of("app", "primehub-image", "image.primehub.io/name", "my-image"), job.labels());
        assertEquals(Map.of("image.primehub.io/hash", "96ff7925"), job.annotations());
    }

    @Test
    void anImageWhoseNameCannotLabelItsJobIsRefusedByName() {
        String name = "a".repeat(64);
        ImageSpec image = new ImageSpec("hub", name, "jupyter/base-notebook", "", Packages.NONE, "");
        InvalidImageSpecException e =
                assertThrows(InvalidImageSpecException.class, () -> JobPlanner.planForImage(image, TARGET, ""));
        assertEquals("metadata.name", e.violations().get(0).field());
    }

    @Test
    void emptyPackageEntriesAreNoPackagesButCountInTheRevisionAsPrimeHubCountsThem() {
        // The console sends [""] for an empty text box; PrimeHub's hash of it is that of "...;apt:[]".
        ImageSpec spec = new ImageSpec(
                "hub", "s", "jupyter/base-notebook", "", new Packages(List.of(""), List.of("numpy", ""), null), "");
        ImageSpecJob job = JobPlanner.plan(spec, TARGET);
        assertEquals(Revision.of("jupyter/base-notebook", spec.packages()), job.revision());
        assertEquals(
                "jupyter/base-notebook;apt:[];pip:[numpy,]",
                Revision.canonicalText("jupyter/base-notebook", spec.packages()));
        assertEquals(
                new Packages(null, List.of("numpy"), null),
                ImageSpecValidator.validate(spec).packages());
    }

    @Test
    void withNamespaceNamingEachNamespacePushesToItsOwnRepositories() {
        ImageSpec spec = new ImageSpec(
                "team-a", "base-curl", "jupyter/base-notebook", "", new Packages(List.of("curl"), null, null), "");
        assertEquals(
                "127.0.0.1:5000/team/team-a-base-curl:96ff7925",
                JobPlanner.plan(spec, TARGET.withNaming(ImageNaming.NAMESPACE_NAME))
                        .pushedImage());
        assertEquals(
                "127.0.0.1:5000/team/base-curl:96ff7925",
                JobPlanner.plan(spec, TARGET).pushedImage(),
                "PrimeHub's naming stays the default");
        assertEquals(
                "127.0.0.1:5000/r:team-a-base-curl-96ff7925",
                JobPlanner.plan(
                                spec,
                                RegistryTarget.pushRepository("127.0.0.1:5000/r", "s")
                                        .withNaming(ImageNaming.NAMESPACE_NAME))
                        .pushedImage());
        assertEquals(
                "base-curl-96ff7925",
                JobPlanner.plan(spec, TARGET.withNaming(ImageNaming.NAMESPACE_NAME))
                        .name(),
                "the job keeps PrimeHub's name");
    }

    @Test
    void aNameTooLongForTheRepoPrefixIsReportedWithEveryOtherProblemOnItsField() {
        String name = "a".repeat(236);
        ImageSpec spec = new ImageSpec(
                "hub", name, "jupyter/base-notebook", "", new Packages(null, List.of("numpy; id"), null), "");
        InvalidImageSpecException e =
                assertThrows(InvalidImageSpecException.class, () -> JobPlanner.plan(spec, TARGET));
        assertEquals(
                List.of("metadata.name", "spec.packages.pip[0]"),
                e.violations().stream().map(Violation::field).toList());
        String reason = e.violations().get(0).reason();
        assertTrue(
                reason.contains("cannot name the pushed image: it has a repository name longer than 255 characters"),
                reason);
        assertTrue(
                reason.endsWith("under the repo prefix 127.0.0.1:5000/team a name has at most 235 characters"), reason);

        ImageSpec fits = new ImageSpec("hub", "a".repeat(235), "jupyter/base-notebook", "", Packages.NONE, "");
        assertEquals(
                255,
                ImageReference.parse(JobPlanner.plan(fits, TARGET).pushedImage())
                        .name()
                        .length());
    }

    @Test
    void aDockerHubPrefixCountsAsBuildahNamesIt() {
        RegistryTarget hub = new RegistryTarget("team", "push-secret");
        ImageSpec spec = new ImageSpec("hub", "a".repeat(241), "jupyter/base-notebook", "", Packages.NONE, "");
        InvalidImageSpecException e = assertThrows(InvalidImageSpecException.class, () -> JobPlanner.plan(spec, hub));
        assertTrue(e.getMessage().contains("a name has at most 240 characters"), e.getMessage());
    }

    @Test
    void anImagesJobReportsItsNameAndItsSpecsProblemsTogether() {
        ImageSpec image = new ImageSpec("hub", "a".repeat(64), "[::1]:5000/base", "", Packages.NONE, "");
        InvalidImageSpecException e =
                assertThrows(InvalidImageSpecException.class, () -> JobPlanner.planForImage(image, TARGET, ""));
        assertEquals(
                List.of("metadata.name", "spec.baseImage"),
                e.violations().stream().map(Violation::field).toList());
    }

    @Test
    void theLocalImageOfABuildWithoutPushIsCheckedLikeAPushedOne() {
        ImageSpec spec = new ImageSpec(
                "hub", "base-curl", "jupyter/base-notebook", "", new Packages(List.of("curl"), null, null), "");
        assertEquals("localhost/base-curl:96ff7925", JobPlanner.localImage(spec));

        ImageSpec tooLong = new ImageSpec("hub", "a".repeat(246), "jupyter/base-notebook", "", Packages.NONE, "");
        InvalidImageSpecException e =
                assertThrows(InvalidImageSpecException.class, () -> JobPlanner.localImage(tooLong));
        assertEquals("metadata.name", e.violations().get(0).field());
        assertTrue(e.getMessage().contains("under localhost/ a name has at most 245 characters"), e.getMessage());
    }
}
