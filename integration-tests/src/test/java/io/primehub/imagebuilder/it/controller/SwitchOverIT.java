package io.primehub.imagebuilder.it.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.reconcile.BuildPodNames;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.ConsoleImage;
import io.primehub.imagebuilder.it.support.PodStatusPatch;
import io.primehub.imagebuilder.it.support.RawApi;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobSpec;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobStatus;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecStatus;
import io.primehub.imagebuilder.k8s.resource.PackagesField;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Switching a live PrimeHub over: the cluster holds what PrimeHub's controller made (specs and the console's Images
 * whose update time the console wrote with milliseconds, jobs with PrimeHub's copy of it, and build pods named
 * {@code image-<job>-xxxx} that finished or still run). This controller starts no build, deletes no pod, leaves finished jobs as they are,
 * and follows the running PrimeHub pod to the end.
 *
 * <p>It writes pod status itself ({@link PodStatusPatch}), where a real node cannot stand in: the pods are PrimeHub's,
 * made by its controller for its own builder image, which is not available here (no public registry), so the test
 * plays their kubelet. Its namespace is not admitted to the test node, so no kubelet competes.
 */
@SuppressWarnings("try")
@KubernetesCluster
class SwitchOverIT {

    private static final String BASE = "jupyter/base-notebook:latest";
    private static final String CONSOLE_TIME = "2026-12-01T08:00:00.000Z";
    private static final String PRIMEHUB_TIME = "2026-12-01T08:00:00Z";
    private static final String CHART_PUSH_SECRET = "primehub-controller-custom-image-push-secret";

    @Test
    void startsNoBuildDeletesNoPodAndFollowsTheRunningOne(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        Seeded done = seed(k8s, "done", "Succeeded");
        Seeded failed = seed(k8s, "failed", "Failed");
        Seeded running = seed(k8s, "running", "Running");
        Seeded imageDone = seedImage(k8s, "image-done", "Succeeded");
        Seeded imageRunning = seedImage(k8s, "image-running", "Running");
        Map<String, String> podsBefore = podVersions(k8s);
        String imageDoneJobVersion = k8s.job(imageDone.job).getMetadata().getResourceVersion();
        ConsoleImage consoleDone = new ConsoleImage(new RawApi(client), namespace.name(), imageDone.spec);
        ConsoleImage consoleRunning = new ConsoleImage(new RawApi(client), namespace.name(), imageRunning.spec);
        JsonObject doneSpecBefore = consoleDone.read().getAsJsonObject("spec");
        String doneJobVersion = k8s.job(done.job).getMetadata().getResourceVersion();
        String failedJobVersion = k8s.job(failed.job).getMetadata().getResourceVersion();

        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            await("the specs to be reconciled")
                    .atMost(ControllerHarness.TIMEOUT)
                    .until(() ->
                            List.of(done, failed, running).stream().allMatch(s -> hasConditions(k8s.spec(s.spec))));
            await("the Images to be reconciled")
                    .atMost(ControllerHarness.TIMEOUT)
                    .until(() -> List.of(consoleDone, consoleRunning).stream()
                            .allMatch(i -> i.read().getAsJsonObject("status").has("conditions")));
            // Every job looked at (a reconcile's writes are done when it is counted): no pod made or deleted.
            for (Seeded seeded : List.of(done, failed, running, imageDone, imageRunning)) {
                k8s.awaitReconciled("imagespecjob", seeded.job);
            }
            assertEquals(podsBefore.keySet(), podVersions(k8s).keySet(), "no pod made or deleted");
            assertAll(
                    "the finished jobs as PrimeHub left them",
                    () -> assertEquals(
                            doneJobVersion, k8s.job(done.job).getMetadata().getResourceVersion()),
                    () -> assertEquals(
                            failedJobVersion, k8s.job(failed.job).getMetadata().getResourceVersion()),
                    () -> assertEquals("Succeeded", k8s.spec("done").getStatus().getPhase()),
                    () -> assertEquals(done.image, k8s.spec("done").getStatus().getImage()),
                    () -> assertEquals("Failed", k8s.spec("failed").getStatus().getPhase()),
                    () -> assertEquals(
                            imageDoneJobVersion,
                            k8s.job(imageDone.job).getMetadata().getResourceVersion()),
                    () -> assertEquals(
                            doneSpecBefore,
                            consoleDone.read().getAsJsonObject("spec"),
                            "the built Image's spec (url, urlForGpu, pullSecret, imageSpec) as PrimeHub left it"),
                    () -> assertEquals("Succeeded", consoleDone.phase()),
                    () -> assertEquals(imageDone.image, consoleDone.jobCondition("image")),
                    () -> assertEquals("Running", consoleRunning.phase()));

            Instant started = Instant.now().minusSeconds(60);
            PodStatusPatch.terminated(running.container, started, 0, null, started, Instant.now(), null)
                    .apply(client, namespace.name(), running.pod);
            k8s.awaitJobPhase(running.job, "Succeeded");
            ImageSpecResource spec = k8s.awaitSpecPhase("running", "Succeeded");
            assertAll(
                    "the PrimeHub build that ran through the switch",
                    () -> assertEquals(running.image, spec.getStatus().getImage()),
                    () -> assertEquals(
                            running.pod, k8s.job(running.job).getStatus().getPodName()),
                    () -> assertEquals(podsBefore.keySet(), podVersions(k8s).keySet()));
            PodStatusPatch.terminated(imageRunning.container, started, 0, null, started, Instant.now(), null)
                    .apply(client, namespace.name(), imageRunning.pod);
            consoleRunning.awaitPhase("Succeeded");
            assertAll(
                    "the console's build that ran through the switch",
                    () -> assertEquals(imageRunning.image, consoleRunning.spec("url")),
                    () -> assertEquals(imageRunning.image, consoleRunning.jobCondition("image")),
                    () -> assertEquals(CHART_PUSH_SECRET, consoleRunning.spec("pullSecret")),
                    () -> assertEquals(imageRunning.pod, consoleRunning.logPodName()));
            Map<String, String> podsAfter = podVersions(k8s);
            System.out.println("MEASURE switch-over jobs-seen=5 builds-started="
                    + podsAfter.keySet().stream()
                            .filter(p -> !podsBefore.containsKey(p))
                            .count()
                    + " pods-deleted="
                    + podsBefore.keySet().stream()
                            .filter(p -> !podsAfter.containsKey(p))
                            .count());
        }
    }

    @Test
    void theChartsPushSecretIsUsedAsItIsAndNeverOverwritten(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        // What PrimeHub's chart makes: no labels, one key, the registry's credentials in its own spelling.
        String chartConfig = "{\"auths\": {\"https://" + ControllerHarness.REGISTRY + "\": {\"auth\": \""
                + java.util.Base64.getEncoder()
                        .encodeToString("chart-user:chart-password".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "\"}}}";
        String secretName = io.primehub.imagebuilder.registry.RegistrySettings.DEFAULT_PUSH_SECRET_NAME;
        String written = k8s.core
                .createNamespacedSecret(
                        namespace.name(),
                        new V1Secret()
                                .metadata(new V1ObjectMeta().name(secretName).namespace(namespace.name()))
                                .type("kubernetes.io/dockerconfigjson")
                                .data(Map.of(
                                        ".dockerconfigjson",
                                        chartConfig.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .execute()
                .getMetadata()
                .getResourceVersion();
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("uses-chart-secret", BASE, List.of("curl"), null, PRIMEHUB_TIME);
            String job = ObjectNames.jobName(
                    "uses-chart-secret", Revision.of(BASE, new Packages(List.of("curl"), null, null)));
            V1Pod pod = k8s.awaitPod(BuildPodNames.podName(job, PRIMEHUB_TIME));
            assertTrue(
                    pod.getSpec().getVolumes().stream()
                            .anyMatch(v -> v.getSecret() != null
                                    && secretName.equals(v.getSecret().getSecretName())),
                    "the build pod does not mount the push secret");
            V1Secret after =
                    k8s.core.readNamespacedSecret(secretName, namespace.name()).execute();
            assertAll(
                    "the chart's secret as the chart made it",
                    () -> assertEquals(written, after.getMetadata().getResourceVersion()),
                    () -> assertEquals(
                            chartConfig,
                            new String(
                                    after.getData().get(".dockerconfigjson"),
                                    java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    /**
     * What PrimeHub's controller leaves for one of the console's Images: the Image (its status in the main resource),
     * its job named after it and the job's build pod in {@code phase}; a finished build has set the Image's urls.
     */
    private static Seeded seedImage(ControllerHarness k8s, String name, String phase) throws Exception {
        String ns = k8s.namespace;
        Packages packages = new Packages(List.of("curl"), List.of(""), List.of(""));
        String revision = Revision.of(BASE, packages).value();
        String image = ControllerHarness.REPO_PREFIX + "/" + name + ":" + revision;
        boolean built = "Succeeded".equals(phase);
        String urls = built
                ? ",\"url\":\"%s\",\"urlForGpu\":\"%s\",\"pullSecret\":\"%s\""
                        .formatted(image, image, CHART_PUSH_SECRET)
                : "";
        new RawApi(k8s.client)
                .send("POST", "/apis/primehub.io/v1alpha1/namespaces/" + ns + "/images", RawApi.JSON, """
                {"apiVersion":"primehub.io/v1alpha1","kind":"Image","metadata":{"name":"%s"},
                 "spec":{"displayName":"%s","type":"both"%s,
                         "imageSpec":{"baseImage":"%s","packages":{"apt":["curl"],"conda":[""],"pip":[""]},
                                      "cancel":false,"updateTime":"%s"}},
                 "status":{"jobCondition":{"phase":"%s","jobName":"%s","image":"%s"}}}
                """.formatted(
                                name, name, urls, BASE, CONSOLE_TIME, phase, name, built ? image : ""));
        ImageResource owner =
                ControllerHarness.ok(CustomResources.images(k8s.client).get(ns, name));
        Map<String, String> labels = Map.of("app", "primehub-image", "image.primehub.io/name", name);
        Map<String, String> annotations = Map.of("image.primehub.io/hash", revision);
        ImageSpecJobResource job = ControllerHarness.ok(k8s.jobs.create(new ImageSpecJobResource()
                .setMetadata(new V1ObjectMeta()
                        .name(name)
                        .namespace(ns)
                        .labels(labels)
                        .annotations(annotations)
                        .ownerReferences(List.of(ResourceMapping.ownerReference(owner))))
                .setSpec(new ImageSpecJobSpec()
                        .setBaseImage(BASE)
                        .setPackages(ResourceMapping.toResource(packages))
                        .setTargetImage(name + ":" + revision)
                        .setRepoPrefix(ControllerHarness.REPO_PREFIX)
                        .setPushSecret(CHART_PUSH_SECRET)
                        .setUpdateTime(PRIMEHUB_TIME))));
        String podName = "image-" + name + "-" + name.substring(name.length() - 2) + "q7";
        job.setStatus(new ImageSpecJobStatus().setPhase(phase).setPodName(podName));
        job = ControllerHarness.ok(k8s.jobs.updateStatus(job, ImageSpecJobResource::getStatus));
        V1Container container = buildAndPush();
        createPod(k8s, podName, labels, annotations, job, container, phase);
        return new Seeded(name, name, podName, image, container);
    }

    private record Seeded(String spec, String job, String pod, String image, V1Container container) {}

    /** What PrimeHub's controller leaves for one spec: the spec, its job and the job's build pod in {@code phase}. */
    private static Seeded seed(ControllerHarness k8s, String name, String phase) throws Exception {
        String ns = k8s.namespace;
        List<String> apt = List.of("curl");
        ImageSpecResource spec = k8s.createSpec(name, BASE, apt, null, CONSOLE_TIME);
        String revision = Revision.of(BASE, new Packages(apt, null, null)).value();
        String jobName = ObjectNames.jobName(name, Revision.of(BASE, new Packages(apt, null, null)));
        String image = ControllerHarness.REPO_PREFIX + "/" + name + ":" + revision;
        Map<String, String> labels = Map.of("app", "primehub-custom-image", "imagespecs.primehub.io/name", name);
        Map<String, String> annotations = Map.of("imagespecs.primehub.io/hash", revision);
        ImageSpecJobResource job = ControllerHarness.ok(k8s.jobs.create(new ImageSpecJobResource()
                .setMetadata(new V1ObjectMeta()
                        .name(jobName)
                        .namespace(ns)
                        .labels(labels)
                        .annotations(annotations)
                        .ownerReferences(List.of(ResourceMapping.ownerReference(spec))))
                .setSpec(new ImageSpecJobSpec()
                        .setBaseImage(BASE)
                        .setPackages(new PackagesField().setApt(apt))
                        .setTargetImage(name + ":" + revision)
                        .setRepoPrefix(ControllerHarness.REPO_PREFIX)
                        .setPushSecret("primehub-controller-custom-image-push-secret")
                        .setUpdateTime(PRIMEHUB_TIME))));
        String podName = "image-" + jobName + "-" + name.substring(0, 2) + "k9";
        job.setStatus(new ImageSpecJobStatus().setPhase(phase).setPodName(podName));
        job = ControllerHarness.ok(k8s.jobs.updateStatus(job, ImageSpecJobResource::getStatus));

        V1Container container = buildAndPush();
        createPod(k8s, podName, labels, annotations, job, container, phase);

        spec.setStatus(new ImageSpecStatus()
                .setPhase(phase)
                .setJobName(jobName)
                .setImage("Succeeded".equals(phase) ? image : ""));
        ControllerHarness.ok(k8s.specs.updateStatus(spec, ImageSpecResource::getStatus));
        return new Seeded(name, jobName, podName, image, container);
    }

    /** PrimeHub's build container. */
    private static V1Container buildAndPush() {
        return new V1Container().name("build-and-push").image("registry.example.test/buildah/stable:v1.28.0");
    }

    /** PrimeHub's build pod of {@code job}, its status in {@code phase} as a kubelet wrote it. */
    private static void createPod(
            ControllerHarness k8s,
            String podName,
            Map<String, String> labels,
            Map<String, String> annotations,
            ImageSpecJobResource job,
            V1Container container,
            String phase)
            throws Exception {
        String ns = k8s.namespace;
        k8s.core
                .createNamespacedPod(
                        ns,
                        new V1Pod()
                                .metadata(new V1ObjectMeta()
                                        .name(podName)
                                        .namespace(ns)
                                        .labels(labels)
                                        .annotations(annotations)
                                        .ownerReferences(List.of(ResourceMapping.ownerReference(job))))
                                .spec(new V1PodSpec()
                                        .restartPolicy("Never")
                                        .containers(List.of(container))
                                        .overhead(null)))
                .execute();
        Instant started = Instant.now().minusSeconds(120);
        PodStatusPatch status = switch (phase) {
            case "Running" -> PodStatusPatch.running(container, started, started);
            case "Succeeded" ->
                PodStatusPatch.terminated(container, started, 0, null, started, started.plusSeconds(60), null);
            default ->
                PodStatusPatch.terminated(
                        container, started, 2, "error: build failed", started, started.plusSeconds(60), null);
        };
        status.apply(k8s.client, ns, podName);
    }

    private static boolean hasConditions(ImageSpecResource spec) {
        return spec.getStatus() != null
                && spec.getStatus().getConditions() != null
                && !spec.getStatus().getConditions().isEmpty();
    }

    private static Map<String, String> podVersions(ControllerHarness k8s) throws Exception {
        return k8s.pods().stream()
                .map(V1Pod::getMetadata)
                .collect(Collectors.toMap(
                        V1ObjectMeta::getName, V1ObjectMeta::getResourceVersion, (a, b) -> a, TreeMap::new));
    }
}
