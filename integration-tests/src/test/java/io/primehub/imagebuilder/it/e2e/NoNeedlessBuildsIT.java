package io.primehub.imagebuilder.it.e2e;

import static io.primehub.imagebuilder.it.e2e.ImageBuildEndToEndIT.awaitFinished;
import static io.primehub.imagebuilder.it.e2e.ImageBuildEndToEndIT.condition;
import static io.primehub.imagebuilder.it.e2e.ImageBuildEndToEndIT.createSpec;
import static io.primehub.imagebuilder.it.e2e.ImageBuildEndToEndIT.describe;
import static io.primehub.imagebuilder.it.e2e.ImageBuildEndToEndIT.job;
import static io.primehub.imagebuilder.it.e2e.ImageBuildEndToEndIT.podGone;
import static io.primehub.imagebuilder.it.e2e.ImageBuildEndToEndIT.repository;
import static io.primehub.imagebuilder.it.e2e.ImageBuildEndToEndIT.spec;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.RecipeDigest;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.BuildSiteOnTheNode;
import io.primehub.imagebuilder.k8s.ControllerOptions;
import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import io.primehub.imagebuilder.k8s.build.BuildPodFactory;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.registry.RegistryBuiltImages;
import io.primehub.imagebuilder.registry.client.Manifest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No needless builds, on the real node with the real registry: the controller asks the registry (with the push
 * credential) whether a job's tag already holds an image built from the job's recipe, and skips only such a build. A
 * spec made again with the same recipe ends {@code AlreadyBuilt} without a pod; a new {@code updateTime} still builds;
 * an image that someone else pushed under the tag is built over, never trusted.
 */
class NoNeedlessBuildsIT extends BuildSiteOnTheNode {

    private static final Duration TIMEOUT = Duration.ofMinutes(12);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Packages CURL = new Packages(List.of("curl"), List.of(), List.of());

    private static EndToEndStack stack(ApiClient client, TestNamespace namespace, ControllerOptions options) {
        return EndToEndStack.start(
                client,
                node,
                namespace.name(),
                registry.credentials(),
                new RegistryBuiltImages(registry.settings()),
                EndToEndStack.buildPods(registry, Duration.ofMinutes(30)),
                options);
    }

    @Test
    void aRecipeIsBuiltOnceUntilAnUpdateTimeAsksForItAgain(ApiClient client, TestNamespace namespace) throws Exception {
        String name = "built-once";
        String revision = Revision.of(registry.baseImage(), CURL).value();
        String jobName = ObjectNames.jobName(name, new Revision(revision));
        try (EndToEndStack stack = stack(client, namespace, new ControllerOptions(namespace.name(), 2))) {
            createSpec(
                    client,
                    namespace,
                    name,
                    registry.baseImage(),
                    registry.settings().pushSecretName(),
                    CURL);
            ImageSpecResource built = awaitFinished(client, namespace, name, stack);
            assertEquals("Succeeded", built.getStatus().getPhase(), () -> describe(client, namespace, name, stack));
            ImageSpecJobResource first = job(client, namespace, jobName);
            assertEquals("Succeeded", reason(first), "the first time it is built");
            String digest = first.getStatus().getImageDigest();
            Manifest manifest = registry.client().manifest(repository(name), revision);
            assertEquals(manifest.digest(), digest);
            String label = registry.client()
                    .config(repository(name), manifest)
                    .path("config")
                    .path("Labels")
                    .path(RecipeDigest.LABEL)
                    .asText();
            assertTrue(RecipeDigest.isDigest(label), "the image carries its recipe's digest: '" + label + "'");

            // The spec goes, its job with it (the garbage collector), and comes back with the same recipe.
            CustomResources.imageSpecs(client).delete(namespace.name(), name).throwsApiException();
            await("the spec's job to go with it")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(POLL)
                    .until(() -> CustomResources.imageSpecJobs(client)
                                    .get(namespace.name(), jobName)
                                    .getHttpStatusCode()
                            == 404);
            createSpec(
                    client,
                    namespace,
                    name,
                    registry.baseImage(),
                    registry.settings().pushSecretName(),
                    CURL);
            ImageSpecResource again = awaitFinished(client, namespace, name, stack);
            assertEquals("Succeeded", again.getStatus().getPhase(), () -> describe(client, namespace, name, stack));
            ImageSpecJobResource skipped = job(client, namespace, jobName);
            assertNotEquals(first.getMetadata().getUid(), skipped.getMetadata().getUid(), "a new job");
            assertEquals("AlreadyBuilt", reason(skipped), () -> describe(client, namespace, name, stack));
            assertEquals(digest, skipped.getStatus().getImageDigest(), "the image already there");
            assertEquals(digest, again.getStatus().getImageDigest(), "the spec names it too");
            assertEquals(
                    registry.repoPrefix() + "/" + name + ":" + revision,
                    again.getStatus().getImage());
            assertTrue(buildPods(client, namespace, jobName).isEmpty(), "no build pod was made");
            assertTrue(podGone(client, namespace, skipped.getStatus().getPodName()));
            assertEquals(
                    digest,
                    registry.client().manifest(repository(name), revision).digest(),
                    "nothing pushed");
            String log = new ImageSpecOperations(client, Clock.systemUTC()).buildLog(namespace.name(), jobName);
            assertTrue(log.startsWith("no build ran (AlreadyBuilt): the registry already holds "), log);

            // A new updateTime is a request to build it again: it is built, whatever the registry holds.
            CustomResources.imageSpecs(client)
                    .patch(
                            namespace.name(),
                            name,
                            V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                            new V1Patch("{\"spec\":{\"updateTime\":\"2099-01-01T00:00:00Z\"}}"))
                    .throwsApiException();
            ImageSpecJobResource rebuilt = await("the rebuild to finish")
                    .atMost(TIMEOUT)
                    .pollInterval(POLL)
                    .until(
                            () -> job(client, namespace, jobName),
                            job -> job.getStatus() != null
                                    && !skipped.getStatus()
                                            .getPodName()
                                            .equals(job.getStatus().getPodName())
                                    && "Succeeded".equals(job.getStatus().getPhase()));
            assertEquals("Succeeded", reason(rebuilt), () -> describe(client, namespace, name, stack));
            assertEquals(List.of(rebuilt.getStatus().getPodName()), buildPods(client, namespace, jobName));
            assertEquals(
                    registry.client().manifest(repository(name), revision).digest(),
                    rebuilt.getStatus().getImageDigest(),
                    "the rebuilt image is the one in the registry now");
        }
    }

    @Test
    void anImageSomeoneElsePushedUnderTheTagIsBuiltOverNotTrustedAndNothingIsSkippedWhenTurnedOff(
            ApiClient client, TestNamespace namespace) throws Exception {
        String name = "tag-taken";
        String revision = Revision.of(registry.baseImage(), CURL).value();
        String jobName = ObjectNames.jobName(name, new Revision(revision));
        String target = registry.repoPrefix() + "/" + name + ":" + revision;
        registry.copyWithin(registry.baseImage(), target);
        String foreign = registry.client().manifest(repository(name), revision).digest();
        try (EndToEndStack stack = stack(client, namespace, new ControllerOptions(namespace.name(), 2))) {
            createSpec(
                    client,
                    namespace,
                    name,
                    registry.baseImage(),
                    registry.settings().pushSecretName(),
                    CURL);
            ImageSpecResource spec = awaitFinished(client, namespace, name, stack);
            assertEquals("Succeeded", spec.getStatus().getPhase(), () -> describe(client, namespace, name, stack));
            ImageSpecJobResource job = job(client, namespace, jobName);
            assertEquals("Succeeded", reason(job), "built, not AlreadyBuilt");
            assertEquals(List.of(job.getStatus().getPodName()), buildPods(client, namespace, jobName));
            Manifest manifest = registry.client().manifest(repository(name), revision);
            assertNotEquals(foreign, manifest.digest(), "the tag now holds the built image");
            assertEquals(manifest.digest(), job.getStatus().getImageDigest());
            assertFalse(
                    registry.client()
                            .config(repository(name), manifest)
                            .path("config")
                            .path("Labels")
                            .path(RecipeDigest.LABEL)
                            .isMissingNode(),
                    "with its recipe label");

            CustomResources.imageSpecs(client).delete(namespace.name(), name).throwsApiException();
            await("the spec's job to go with it")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(POLL)
                    .until(() -> CustomResources.imageSpecJobs(client)
                                    .get(namespace.name(), jobName)
                                    .getHttpStatusCode()
                            == 404);
        }
        // PRIMEHUB_CUSTOM_IMAGE_SKIP_EXISTING=false: the same recipe again is built, though its image is there.
        try (EndToEndStack stack =
                stack(client, namespace, new ControllerOptions(namespace.name(), 2).withSkipExisting(false))) {
            createSpec(
                    client,
                    namespace,
                    name,
                    registry.baseImage(),
                    registry.settings().pushSecretName(),
                    CURL);
            ImageSpecResource spec = awaitFinished(client, namespace, name, stack);
            assertEquals("Succeeded", spec.getStatus().getPhase(), () -> describe(client, namespace, name, stack));
            ImageSpecJobResource job = job(client, namespace, jobName);
            assertEquals("Succeeded", reason(job), "built, though the registry holds this recipe's image");
            assertEquals(List.of(job.getStatus().getPodName()), buildPods(client, namespace, jobName));
            assertTrue(
                    new ImageSpecOperations(client, Clock.systemUTC())
                            .buildLog(namespace.name(), jobName)
                            .contains("==> pushed in "),
                    "its pod built and pushed");
            // every step came from the layer cache the first build left: the image may well be the same one
            assertEquals(
                    registry.client().manifest(repository(name), revision).digest(),
                    job.getStatus().getImageDigest());
        }
    }

    private static String reason(ImageSpecJobResource job) {
        return condition(job.getStatus().getConditions(), "Succeeded").getReason();
    }

    private static List<String> buildPods(ApiClient client, TestNamespace namespace, String jobName) throws Exception {
        return new CoreV1Api(client)
                        .listNamespacedPod(namespace.name())
                        .labelSelector(BuildPodFactory.JOB_NAME_LABEL + "=" + jobName)
                        .execute()
                        .getItems()
                        .stream()
                        .map(pod -> pod.getMetadata().getName())
                        .toList();
    }
}
