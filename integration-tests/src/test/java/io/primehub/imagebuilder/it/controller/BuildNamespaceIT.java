package io.primehub.imagebuilder.it.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.reconcile.BuildPodNames;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.k8s.ControllerOptions;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.k8s.build.BuildScript;
import io.primehub.imagebuilder.k8s.build.BuildScriptConfigMap;
import io.primehub.imagebuilder.k8s.build.PushSecretFactory;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.registry.RegistrySettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A build namespace ({@code PRIMEHUB_CUSTOM_IMAGE_BUILD_NAMESPACE}): every build pod runs there, with the push secret
 * there alone and the spec's pull secret copied for the build's lifetime; the push secret the controller had made in
 * the spec's namespace goes; and a deleted job's build objects go with it although no owner reference can reach them.
 */
@SuppressWarnings("try")
@KubernetesCluster
class BuildNamespaceIT {

    private static final String BASE = "jupyter/base-notebook:latest";
    private static final String TIME = "2026-12-01T08:00:00Z";
    private static final String PULL_SECRET = "base-pull";

    @Test
    void buildsRunInTheBuildNamespaceWithTheCredentialThereAlone(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        String ns = namespace.name();
        String pushSecret = RegistrySettings.DEFAULT_PUSH_SECRET_NAME;
        // What an earlier run beside the job left: the controller's push secret in the spec's namespace.
        k8s.core
                .createNamespacedSecret(
                        ns, PushSecretFactory.secret(ns, pushSecret, "{\"auths\":{}}".getBytes(StandardCharsets.UTF_8)))
                .execute();
        k8s.core
                .createNamespacedSecret(
                        ns,
                        new V1Secret()
                                .metadata(new V1ObjectMeta().name(PULL_SECRET).namespace(ns))
                                .type(PushSecretFactory.TYPE)
                                .data(Map.of(
                                        PushSecretFactory.KEY,
                                        "{\"auths\":{\"registry.invalid\":{\"auth\":\"eDp5\"}}}"
                                                .getBytes(StandardCharsets.UTF_8))))
                .execute();
        try (TestNamespace builds = TestNamespace.create(client, "builds")) {
            ControllerHarness buildSide = new ControllerHarness(client, builds.name());
            try (ImageBuilderController controller = k8s.startController(
                    ControllerHarness.configuredRegistry(), new ControllerOptions(ns, 2, builds.name()))) {
                ImageSpecResource spec = new ImageSpecResource()
                        .setMetadata(new V1ObjectMeta().name("shared").namespace(ns))
                        .setSpec(new io.primehub.imagebuilder.k8s.resource.ImageSpecSpec()
                                .setBaseImage(BASE)
                                .setPullSecret(PULL_SECRET)
                                .setPackages(new io.primehub.imagebuilder.k8s.resource.PackagesField()
                                        .setApt(List.of("curl")))
                                .setUpdateTime(TIME));
                ControllerHarness.ok(k8s.specs.create(spec));
                String job =
                        ObjectNames.jobName("shared", Revision.of(BASE, new Packages(List.of("curl"), null, null)));
                String base = ObjectNames.sharedName(ns, job);
                String podName = BuildPodNames.podName(base, TIME);

                V1Pod pod = buildSide.awaitPod(podName);
                ImageSpecJobResource jobResource = k8s.job(job);
                assertAll(
                        "the build pod in the build namespace",
                        () -> assertTrue(
                                pod.getMetadata().getOwnerReferences() == null
                                        || pod.getMetadata()
                                                .getOwnerReferences()
                                                .isEmpty(),
                                "an owner cannot cross namespaces"),
                        () -> assertEquals(
                                ns, pod.getMetadata().getLabels().get("imagespecjobs.primehub.io/namespace")),
                        () -> assertEquals(
                                jobResource.getMetadata().getUid(),
                                pod.getMetadata().getLabels().get("imagespecjobs.primehub.io/uid")),
                        () -> assertTrue(
                                pod.getSpec().getVolumes().stream()
                                        .anyMatch(v -> v.getSecret() != null
                                                && (base + "-pull")
                                                        .equals(v.getSecret().getSecretName())),
                                "mounts the pull copy"),
                        () -> assertTrue(secretNames(buildSide).contains(pushSecret), "the push secret is there"),
                        () -> assertTrue(secretNames(buildSide).contains(base + "-pull"), "the pull copy is there"),
                        () -> assertTrue(
                                configMapExists(buildSide, BuildScriptConfigMap.name(BuildScript.text())),
                                "the build script is where the pod is"),
                        () -> assertFalse(
                                configMapExists(k8s, BuildScriptConfigMap.name(BuildScript.text())), "and only there"));
                await("the push secret beside the spec to go")
                        .atMost(ControllerHarness.TIMEOUT)
                        .until(() -> !secretNames(k8s).contains(pushSecret));
                assertTrue(secretNames(k8s).contains(PULL_SECRET), "the spec's own pull secret stays");

                k8s.awaitJobPhase(job, "Pending");
                buildSide.podRunning(podName);
                k8s.awaitJobPhase(job, "Running");
                buildSide.podTerminated(podName, 0, null);
                assertEquals(
                        podName, k8s.awaitJobPhase(job, "Succeeded").getStatus().getPodName());
                k8s.awaitSpecPhase("shared", "Succeeded");
                await("the pull copy to go with the build")
                        .atMost(ControllerHarness.TIMEOUT)
                        .until(() -> !secretNames(buildSide).contains(base + "-pull"));

                // What a version before the shared script left for this build: its Dockerfile ConfigMap.
                String earlier = BuildPodNames.earlierConfigMapName(base);
                buildSide
                        .core
                        .createNamespacedConfigMap(
                                builds.name(),
                                new V1ConfigMap()
                                        .metadata(
                                                new V1ObjectMeta().name(earlier).namespace(builds.name()))
                                        .data(Map.of("Dockerfile", "FROM old")))
                        .execute();
                k8s.specs.delete(ns, "shared");
                await("the job's build objects to go with it")
                        .atMost(ControllerHarness.TIMEOUT)
                        .until(() -> buildSide.podGone(podName) && !configMapExists(buildSide, earlier));
                assertTrue(
                        configMapExists(buildSide, BuildScriptConfigMap.name(BuildScript.text())),
                        "the shared script stays for the next build");
            }
        }
    }

    private static List<String> secretNames(ControllerHarness k8s) throws ApiException {
        return k8s.core.listNamespacedSecret(k8s.namespace).execute().getItems().stream()
                .map(s -> s.getMetadata().getName())
                .toList();
    }

    private static boolean configMapExists(ControllerHarness k8s, String name) throws ApiException {
        return k8s.core.listNamespacedConfigMap(k8s.namespace).execute().getItems().stream()
                .anyMatch(c -> c.getMetadata().getName().equals(name));
    }
}
