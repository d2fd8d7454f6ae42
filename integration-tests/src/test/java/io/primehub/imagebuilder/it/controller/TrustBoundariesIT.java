package io.primehub.imagebuilder.it.controller;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.PatchUtils;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.reconcile.BuildPodNames;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobSpec;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.k8s.resource.PackagesField;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import io.primehub.imagebuilder.registry.RegistrySettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trust boundaries around a build: an ImageSpecJob written by someone who may write jobs cannot choose where the
 * build pushes, with which secret or pull secret, or build what no spec asks for; a job name taken first does not leave a spec waiting for ever; and an API server that
 * refuses the build pod for good ends the job and the spec with its reason.
 */
@SuppressWarnings("try")
@KubernetesCluster
class TrustBoundariesIT {

    private static final String BASE = "jupyter/base-notebook:latest";
    private static final String TIME = "2026-12-01T08:00:00Z";
    private static final List<String> APT = List.of("curl");

    private static String jobName(String spec) {
        return ObjectNames.jobName(spec, Revision.of(BASE, new Packages(APT, null, null)));
    }

    /** A job that names {@code owner} as its controller, written by hand with the fields the writer chose. */
    private static ImageSpecJobResource handWritten(
            String namespace, String name, V1OwnerReference owner, List<String> apt) {
        return new ImageSpecJobResource()
                .setMetadata(new V1ObjectMeta()
                        .name(name)
                        .namespace(namespace)
                        .labels(Map.of("app", "primehub-custom-image"))
                        .ownerReferences(List.of(owner)))
                .setSpec(new ImageSpecJobSpec()
                        .setBaseImage(BASE)
                        .setPackages(new PackagesField().setApt(apt))
                        .setTargetImage("victim/repo:latest")
                        .setRepoPrefix("127.0.0.1:5999")
                        .setPushSecret("someone-elses-token")
                        .setPullSecret("someone-elses-pull-secret")
                        .setUpdateTime(TIME));
    }

    @Test
    void aHandWrittenJobIsBuiltOnlyAsItsSpecAsksWithTheControllersTargetAndSecrets(
            ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        ImageSpecResource spec = k8s.createSpec("forged", BASE, APT, null, TIME);
        String job = jobName("forged");
        ControllerHarness.ok(
                k8s.jobs.create(handWritten(namespace.name(), job, ResourceMapping.ownerReference(spec), APT)));
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            V1Pod pod = k8s.awaitPod(BuildPodNames.podName(job, TIME));
            ImageSpecJobSpec built = k8s.job(job).getSpec();
            String revision = Revision.of(BASE, new Packages(APT, null, null)).value();
            assertAll(
                    "the build as the spec and the settings say, not as the job was written",
                    () -> assertEquals("forged:" + revision, built.getTargetImage()),
                    () -> assertEquals(ControllerHarness.REPO_PREFIX, built.getRepoPrefix()),
                    () -> assertEquals(RegistrySettings.DEFAULT_PUSH_SECRET_NAME, built.getPushSecret()),
                    () -> assertNull(built.getPullSecret()),
                    () -> assertTrue(
                            pod.getSpec().getVolumes().stream()
                                    .filter(v -> v.getSecret() != null)
                                    .allMatch(v -> RegistrySettings.DEFAULT_PUSH_SECRET_NAME.equals(
                                            v.getSecret().getSecretName())),
                            "only the controller's push secret is mounted"),
                    () -> assertFalse(
                            k8s.core.listNamespacedSecret(namespace.name()).execute().getItems().stream()
                                    .anyMatch(s -> s.getMetadata().getName().startsWith("someone-elses")),
                            "no secret of the writer's choosing is written"));
        }
    }

    @Test
    void aJobWithPackagesItsSpecDoesNotAskForIsRefusedAndSaysWhy(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        ImageSpecResource spec = k8s.createSpec("smuggled", BASE, APT, null, TIME);
        String job = jobName("smuggled");
        ControllerHarness.ok(k8s.jobs.create(handWritten(
                namespace.name(), job, ResourceMapping.ownerReference(spec), List.of("curl", "netcat-openbsd"))));
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            ImageSpecJobResource refused = k8s.awaitJobPhase(job, "Failed");
            String message = refused.getStatus().getConditions().get(0).getMessage();
            assertEquals("Refused", refused.getStatus().getConditions().get(0).getReason());
            assertTrue(message.contains("not those of ImageSpec smuggled"), message);
            assertEquals(List.of(), k8s.pods());
        }
    }

    @Test
    void aHandWrittenJobWithInvalidPackagesIsNeverBuilt(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        List<String> injected = List.of("curl; rm -rf /");
        // Owned by a valid spec: refused, as any job that is not its spec's revision.
        ImageSpecResource valid = k8s.createSpec("valid", BASE, APT, null, TIME);
        String forged = jobName("valid");
        ControllerHarness.ok(k8s.jobs.create(
                handWritten(namespace.name(), forged, ResourceMapping.ownerReference(valid), injected)));
        // Owned by a spec that asks for the same invalid packages, under the name its revision would give: the spec
        // plans no job, so the job is not built, and the spec's reconciler cancels it.
        ImageSpecResource invalid = k8s.createSpec("invalid", BASE, injected, null, TIME);
        String mirrored = ObjectNames.jobName("invalid", Revision.of(BASE, new Packages(injected, null, null)));
        ControllerHarness.ok(k8s.jobs.create(
                handWritten(namespace.name(), mirrored, ResourceMapping.ownerReference(invalid), injected)));
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            ImageSpecJobResource refused = k8s.awaitJobPhase(forged, "Failed");
            assertEquals("Refused", refused.getStatus().getConditions().get(0).getReason());
            ImageSpecJobResource cancelled = k8s.awaitJobPhase(mirrored, "Cancelled");
            assertEquals(
                    "Superseded", cancelled.getStatus().getConditions().get(0).getReason());
            assertEquals(
                    "InvalidSpec",
                    k8s.awaitSpecPhase("invalid", "Failed")
                            .getStatus()
                            .getConditions()
                            .get(0)
                            .getReason());
            k8s.awaitReconciled("imagespecjob", mirrored); // the job's reconciler saw it, and made no pod
            assertEquals(List.of(), k8s.pods(), "no build pod, so no Dockerfile with the injected package");
        }
    }

    @Test
    void aJobNameTakenFirstIsReportedAndTheSpecBuildsOnceItIsFreed(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        String job = jobName("squatted");
        ControllerHarness.ok(k8s.jobs.create(new ImageSpecJobResource()
                .setMetadata(new V1ObjectMeta().name(job).namespace(namespace.name()))
                .setSpec(new ImageSpecJobSpec()
                        .setBaseImage(BASE)
                        .setPackages(new PackagesField().setApt(APT))
                        .setTargetImage("x:1")
                        .setPushSecret("s"))));
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("squatted", BASE, APT, null, TIME);
            ImageSpecResource spec = k8s.awaitSpecPhase("squatted", "Failed");
            assertEquals("JobNameTaken", spec.getStatus().getConditions().get(0).getReason());
            assertTrue(spec.getStatus().getConditions().get(0).getMessage().contains(job));

            k8s.jobs.delete(namespace.name(), job);
            k8s.awaitPod(BuildPodNames.podName(job, TIME));
            k8s.awaitSpecPhase("squatted", "Pending");
        }
    }

    @Test
    void aBuildPodThatPodSecurityForbidsEndsTheJobAndTheSpecWithTheApiServersReason(
            ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        PatchUtils.patch(
                V1Namespace.class,
                () -> k8s.core
                        .patchNamespace(
                                namespace.name(),
                                new V1Patch(
                                        "{\"metadata\":{\"labels\":{\"pod-security.kubernetes.io/enforce\":\"restricted\"}}}"))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                client);
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("forbidden", BASE, APT, null, TIME);
            ImageSpecJobResource failed = k8s.awaitJobPhase(jobName("forbidden"), "Failed");
            String message = failed.getStatus().getConditions().get(0).getMessage();
            assertEquals("Rejected", failed.getStatus().getConditions().get(0).getReason());
            assertTrue(message.contains("HTTP 403") && message.contains("PodSecurity"), message);
            ImageSpecResource spec = k8s.awaitSpecPhase("forbidden", "Failed");
            assertEquals("Rejected", spec.getStatus().getConditions().get(0).getReason());
            assertEquals(List.of(), k8s.pods());
        }
    }
}
