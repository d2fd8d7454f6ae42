package io.primehub.imagebuilder.it.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.primehub.imagebuilder.app.config.ImageBuilderConfig;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.ConsoleImage;
import io.primehub.imagebuilder.it.support.RawApi;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.registry.SettingsRegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller configured by PrimeHub's own {@code config.yaml} as its chart renders it: one push repository
 * ({@code customImage.pushRepo}), no registry credential, so the chart's push secret is used as it is; without that
 * secret a build fails with a reason that says so, and no secret is made.
 */
@SuppressWarnings("try")
@KubernetesCluster
class PrimeHubConfigIT {

    private static final String BASE = "jupyter/base-notebook:latest";
    private static final String PUSH_REPO = ControllerHarness.REGISTRY + "/team/custom-image";
    private static final String CHART_SECRET = "primehub-controller-custom-image-push-secret";

    @TempDir
    Path dir;

    private SettingsRegistryCredentials fromPrimeHubsConfig() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                primehubUrl: https://hub.example.test
                customImage:
                  insecureSkipVerify: false
                  pushRepo: %s
                  pushSecretName: %s
                  buildJob:
                    image:
                      repository: registry.example.test/buildah/stable
                      tag: v1.28.0
                jobSubmission:
                  workingDirSize: 5Gi
                """.formatted(PUSH_REPO, CHART_SECRET));
        return new SettingsRegistryCredentials(
                ImageBuilderConfig.load(Map.of(), null, null, config, dir).registry());
    }

    @Test
    void buildsIntoThePushRepositoryWithTheChartsSecretAsItIs(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        String chartConfig = "{\"auths\": {\"https://" + ControllerHarness.REGISTRY + "\": {\"auth\": \""
                + Base64.getEncoder().encodeToString("chart-user:chart-password".getBytes(StandardCharsets.UTF_8))
                + "\"}}}";
        String secretVersion = k8s.core
                .createNamespacedSecret(
                        namespace.name(),
                        new V1Secret()
                                .metadata(new V1ObjectMeta().name(CHART_SECRET).namespace(namespace.name()))
                                .type("kubernetes.io/dockerconfigjson")
                                .data(Map.of(".dockerconfigjson", chartConfig.getBytes(StandardCharsets.UTF_8))))
                .execute()
                .getMetadata()
                .getResourceVersion();
        ConsoleImage console = new ConsoleImage(new RawApi(client), namespace.name(), "from-chart");
        try (ImageBuilderController controller = k8s.startController(fromPrimeHubsConfig())) {
            console.create(BASE, List.of("curl"), List.of(""), List.of(""));
            String pod = k8s.awaitPodName("from-chart");
            V1Pod created = k8s.awaitPod(pod);
            assertTrue(
                    created.getSpec().getVolumes().stream()
                            .anyMatch(v -> v.getSecret() != null
                                    && CHART_SECRET.equals(v.getSecret().getSecretName())),
                    "the build pod mounts the chart's secret");
            k8s.podTerminated(pod, 0, null);
            console.awaitPhase("Succeeded");

            String revision = Revision.of(BASE, new Packages(List.of("curl"), List.of(""), List.of("")))
                    .value();
            String image = PUSH_REPO + ":from-chart-" + revision;
            ImageSpecJobResource job = k8s.job("from-chart");
            V1Secret after = k8s.core
                    .readNamespacedSecret(CHART_SECRET, namespace.name())
                    .execute();
            assertAll(
                    "PrimeHub's pushRepo layout, and the chart's secret as the chart made it",
                    () -> assertEquals(image, job.getSpec().getTargetImage()),
                    () -> assertEquals("", job.getSpec().getRepoPrefix()),
                    () -> assertEquals(CHART_SECRET, job.getSpec().getPushSecret()),
                    () -> assertEquals(image, console.spec("url")),
                    () -> assertEquals(CHART_SECRET, console.spec("pullSecret")),
                    () -> assertEquals(secretVersion, after.getMetadata().getResourceVersion()),
                    () -> assertEquals(
                            chartConfig, new String(after.getData().get(".dockerconfigjson"), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void withoutTheChartsSecretTheBuildFailsAndSaysWhy(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        ConsoleImage console = new ConsoleImage(new RawApi(client), namespace.name(), "no-secret");
        try (ImageBuilderController controller = k8s.startController(fromPrimeHubsConfig())) {
            console.create(BASE, List.of("curl"), List.of(), List.of());
            console.awaitPhase("Failed");
            ImageSpecJobResource job = k8s.awaitJobPhase("no-secret", "Failed");
            String reason = job.getStatus().getConditions().get(0).getReason();
            String message = job.getStatus().getConditions().get(0).getMessage();
            assertAll(
                    "a failure that names the missing secret",
                    () -> assertEquals("PushSecretMissing", reason),
                    () -> assertTrue(message.contains(CHART_SECRET) && message.contains(namespace.name()), message),
                    () -> assertEquals(List.of(), k8s.pods()),
                    () -> assertFalse(secretExists(k8s, namespace.name()), "no push secret is made"));
            await("the Image to say why")
                    .atMost(ControllerHarness.TIMEOUT)
                    .until(() -> console.read()
                            .getAsJsonObject("status")
                            .getAsJsonArray("conditions")
                            .get(0)
                            .getAsJsonObject()
                            .get("reason")
                            .getAsString()
                            .equals("PushSecretMissing"));
        }
    }

    private static boolean secretExists(ControllerHarness k8s, String namespace) throws Exception {
        return k8s.core.listNamespacedSecret(namespace).execute().getItems().stream()
                .anyMatch(s -> CHART_SECRET.equals(s.getMetadata().getName()));
    }
}
