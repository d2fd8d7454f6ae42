package io.primehub.imagebuilder.it.e2e;

import static io.primehub.imagebuilder.it.e2e.ImageBuildEndToEndIT.awaitFinished;
import static io.primehub.imagebuilder.it.e2e.ImageBuildEndToEndIT.createSpec;
import static io.primehub.imagebuilder.it.e2e.ImageBuildEndToEndIT.describe;
import static io.primehub.imagebuilder.it.e2e.ImageBuildEndToEndIT.job;
import static io.primehub.imagebuilder.it.e2e.ImageBuildEndToEndIT.repository;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.port.BuiltImages;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.BuildSiteOnTheNode;
import io.primehub.imagebuilder.it.support.PrivateBaseRegistry;
import io.primehub.imagebuilder.k8s.ControllerOptions;
import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.registry.client.Descriptor;
import io.primehub.imagebuilder.registry.client.Manifest;
import io.primehub.imagebuilder.renderer.MustacheDockerfileRenderer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The layer cache, measured with real builds on the node: a spec with an apt and a pip section is built cold (an
 * empty cache repository), then again with one more pip package. The second build takes the apt step from the cache
 * ({@code --> Using cache} after the apt step in its log), pushes the same apt layer (same digest in both manifests),
 * and stores far fewer new bytes in the registry. Prints {@code MEASURE layer-cache ...} lines with both times and the
 * bytes each build added to the registry (its storage before and after, so cache images count too).
 *
 * <p>The base's pip is Debian's, whose Python is externally managed (PEP 668): the renderer lets pip install over it.
 * Both pip sections name packages that python3-pip brings, so pip needs no index (pods reach nothing beyond the
 * node's bridge): {@code pip}, then {@code pip} and {@code wheel}.
 */
class LayerCacheIT extends BuildSiteOnTheNode {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration TIMEOUT = Duration.ofMinutes(12);
    private static final Pattern BUILT =
            Pattern.compile("==> built [0-9a-f]{12} in (\\d+)s \\(layer cache: (\\d+) of (\\d+)" + " steps reused\\)");

    @Test
    void aRebuildWithOneMorePipPackageReusesTheAptLayerFromTheRegistry(ApiClient client, TestNamespace namespace)
            throws Exception {
        String name = "cached-layers";
        Packages cold = new Packages(List.of("python3-pip"), List.of("pip"), List.of());
        Packages warm = new Packages(List.of("python3-pip"), List.of("pip", "wheel"), List.of());
        try (EndToEndStack stack = EndToEndStack.start(
                client,
                node,
                namespace.name(),
                new MustacheDockerfileRenderer().withPipBreakSystemPackages(true),
                registry.credentials(),
                BuiltImages.NONE,
                EndToEndStack.buildPods(registry, Duration.ofMinutes(30)),
                new ControllerOptions(namespace.name(), 2))) {
            long before = registry.storedBytes();
            createSpec(
                    client,
                    namespace,
                    name,
                    registry.baseImage(),
                    registry.settings().pushSecretName(),
                    cold);
            ImageSpecResource spec = awaitFinished(client, namespace, name, stack);
            assertEquals("Succeeded", spec.getStatus().getPhase(), () -> describe(client, namespace, name, stack));
            Build first = build(client, namespace, name, cold);
            long coldBytes = registry.storedBytes() - before;
            assertEquals("0", first.reused(), "a cold cache reuses nothing: " + first.summary());

            long between = registry.storedBytes();
            CustomResources.imageSpecs(client)
                    .patch(
                            namespace.name(),
                            name,
                            V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                            new V1Patch("{\"spec\":{\"packages\":{\"pip\":[\"pip\",\"wheel\"]}}}"))
                    .throwsApiException();
            String warmJob = ObjectNames.jobName(name, Revision.of(registry.baseImage(), warm));
            await("the build with one more pip package")
                    .atMost(TIMEOUT)
                    .pollInterval(POLL)
                    .until(
                            () -> CustomResources.imageSpecJobs(client)
                                    .get(namespace.name(), warmJob)
                                    .getObject(),
                            job -> job != null
                                    && job.getStatus() != null
                                    && List.of("Succeeded", "Failed")
                                            .contains(job.getStatus().getPhase()));
            assertEquals(
                    "Succeeded",
                    job(client, namespace, warmJob).getStatus().getPhase(),
                    () -> describe(client, namespace, name, stack));
            Build second = build(client, namespace, name, warm);
            long warmBytes = registry.storedBytes() - between;

            String log = second.log();
            int aptStep = log.indexOf("RUN apt-get update");
            int pipStep = log.indexOf("pip install");
            assertTrue(aptStep > 0 && pipStep > aptStep, log);
            assertTrue(
                    log.substring(aptStep, pipStep).contains("--> Using cache "),
                    "the apt step came from the cache:\n" + log.substring(aptStep, pipStep));
            assertTrue(!log.substring(pipStep).contains("--> Using cache "), "the pip step changed and ran");
            assertTrue(Integer.parseInt(second.reused()) >= 2, second.summary());

            // The pushed layers: base, apt and pip; the apt layer is the same blob in both images.
            List<Descriptor> a = first.manifest().layers();
            List<Descriptor> b = second.manifest().layers();
            int base = registry.client()
                    .manifest(PrivateBaseRegistry.BASE_REPOSITORY, PrivateBaseRegistry.BASE_TAG)
                    .layers()
                    .size();
            assertEquals(base + 2, a.size(), "base, apt and pip layers: " + a);
            assertEquals(a.size(), b.size());
            assertEquals(a.get(base).digest(), b.get(base).digest(), "the apt layer is reused as it is");
            assertNotEquals(a.get(base + 1).digest(), b.get(base + 1).digest(), "the pip layer is new");
            assertTrue(warmBytes * 4 < coldBytes, "the warm build stores far less: " + warmBytes + " of " + coldBytes);

            System.out.printf(
                    "MEASURE layer-cache build=cold packages=apt:python3-pip,pip:pip pod-seconds=%d"
                            + " build-step-seconds=%s steps-reused=%s/%s registry-bytes-added=%d apt-layer-bytes=%d%n",
                    first.podSeconds(),
                    first.buildSeconds(),
                    first.reused(),
                    first.steps(),
                    coldBytes,
                    a.get(base).size());
            System.out.printf(
                    "MEASURE layer-cache build=warm packages=apt:python3-pip,pip:pip+wheel pod-seconds=%d"
                            + " build-step-seconds=%s steps-reused=%s/%s registry-bytes-added=%d pip-layer-bytes=%d%n",
                    second.podSeconds(),
                    second.buildSeconds(),
                    second.reused(),
                    second.steps(),
                    warmBytes,
                    b.get(base + 1).size());
        }
    }

    /** A finished build: its pod's time, its log's summary line and the manifest it pushed. */
    private record Build(String log, Matcher summaryMatch, long podSeconds, Manifest manifest) {

        String summary() {
            return summaryMatch.group();
        }

        String buildSeconds() {
            return summaryMatch.group(1);
        }

        String reused() {
            return summaryMatch.group(2);
        }

        String steps() {
            return summaryMatch.group(3);
        }
    }

    private static Build build(ApiClient client, TestNamespace namespace, String name, Packages packages)
            throws Exception {
        Revision revision = Revision.of(registry.baseImage(), packages);
        ImageSpecJobResource job = job(client, namespace, ObjectNames.jobName(name, revision));
        String log = new ImageSpecOperations(client, Clock.systemUTC())
                .buildLog(namespace.name(), job.getMetadata().getName());
        Matcher summary = BUILT.matcher(log);
        assertTrue(summary.find(), "the build's summary line in its log:\n" + log);
        V1ContainerStateTerminated terminated = new CoreV1Api(client)
                .readNamespacedPod(job.getStatus().getPodName(), namespace.name())
                .execute()
                .getStatus()
                .getContainerStatuses()
                .get(0)
                .getState()
                .getTerminated();
        long podSeconds = Duration.between(terminated.getStartedAt(), terminated.getFinishedAt())
                .toSeconds();
        Manifest manifest = registry.client().manifest(repository(name), revision.value());
        assertEquals(manifest.digest(), job.getStatus().getImageDigest());
        return new Build(log, summary, podSeconds, manifest);
    }
}
