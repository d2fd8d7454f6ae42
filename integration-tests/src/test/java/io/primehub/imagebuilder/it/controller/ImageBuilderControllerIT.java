package io.primehub.imagebuilder.it.controller;

import static io.primehub.imagebuilder.it.controller.ControllerHarness.PASSWORD;
import static io.primehub.imagebuilder.it.controller.ControllerHarness.REPO_PREFIX;
import static io.primehub.imagebuilder.it.controller.ControllerHarness.TIMEOUT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.reconcile.BuildPodNames;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.k8s.ControllerOptions;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.k8s.build.BuildLogs;
import io.primehub.imagebuilder.k8s.build.BuildPodFactory;
import io.primehub.imagebuilder.k8s.build.BuildScript;
import io.primehub.imagebuilder.k8s.build.BuildScriptConfigMap;
import io.primehub.imagebuilder.k8s.build.PushSecretFactory;
import io.primehub.imagebuilder.k8s.resource.ConditionField;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.registry.RegistrySettings;
import io.primehub.imagebuilder.registry.SettingsRegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The controller's whole story on a real API server, with the test playing the kubelet. */
// The controllers are opened for their running, not used by name: "try" warns about that.
@SuppressWarnings("try")
@KubernetesCluster
class ImageBuilderControllerIT {

    private static final String BASE = "jupyter/base-notebook:latest";
    /** The garbage collector's pace is its own: give it longer than the controller. */
    private static final java.time.Duration GC_TIMEOUT = java.time.Duration.ofSeconds(60);

    private static String jobName(String spec, List<String> apt) {
        return ObjectNames.jobName(spec, Revision.of(BASE, new Packages(apt, null, null)));
    }

    @Test
    void createsTheJobAndOneBuildPodWithTheExpectedContents(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            ImageSpecResource spec = k8s.createSpec("base-curl", BASE, List.of("curl"), null, "2026-11-27T00:00:00Z");
            String jobName = jobName("base-curl", List.of("curl"));

            ImageSpecJobResource job = k8s.awaitJob(jobName);
            V1OwnerReference jobOwner = job.getMetadata().getOwnerReferences().get(0);
            assertEquals(spec.getMetadata().getUid(), jobOwner.getUid());
            assertEquals("ImageSpec", jobOwner.getKind());
            assertEquals(true, jobOwner.getController());
            assertEquals("primehub-custom-image", job.getMetadata().getLabels().get("app"));
            assertEquals("base-curl", job.getMetadata().getLabels().get("imagespecs.primehub.io/name"));
            assertEquals(
                    jobName.substring(jobName.length() - 8),
                    job.getMetadata().getAnnotations().get("imagespecs.primehub.io/hash"));
            assertEquals(BASE, job.getSpec().getBaseImage());
            assertEquals(REPO_PREFIX, job.getSpec().getRepoPrefix());
            assertEquals(
                    "base-curl:" + jobName.substring(jobName.length() - 8),
                    job.getSpec().getTargetImage());

            String podName = BuildPodNames.podName(jobName, "2026-11-27T00:00:00Z");
            V1Pod pod = k8s.awaitPod(podName);
            assertEquals(
                    job.getMetadata().getUid(),
                    pod.getMetadata().getOwnerReferences().get(0).getUid());
            assertEquals("primehub-custom-image", pod.getMetadata().getLabels().get("app"));
            assertEquals("Never", pod.getSpec().getRestartPolicy());
            assertEquals(1800L, pod.getSpec().getActiveDeadlineSeconds());
            V1Container build = pod.getSpec().getContainers().get(0);
            assertEquals("builder:test", build.getImage());
            assertEquals("FallbackToLogsOnError", build.getTerminationMessagePolicy());
            assertEquals(true, build.getSecurityContext().getPrivileged());
            Map<String, String> env = build.getEnv().stream()
                    .collect(Collectors.toMap(V1EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
            assertEquals(BASE, env.get("BASE_IMAGE"));
            assertEquals(
                    REPO_PREFIX + "/base-curl:" + jobName.substring(jobName.length() - 8), env.get("TARGET_IMAGE"));
            assertTrue(build.getEnv().stream().allMatch(e -> e.getValueFrom() == null), "no env value from a secret");
            assertFalse(env.values().stream().anyMatch(v -> v.contains(PASSWORD)), "no password in the environment");
            assertEquals(
                    new Quantity("250m"), build.getResources().getRequests().get("cpu"));
            assertEquals(new Quantity("2Gi"), build.getResources().getLimits().get("memory"));
            assertEquals(new Quantity("10Gi"), build.getResources().getLimits().get("ephemeral-storage"));
            Map<String, String> mounts = build.getVolumeMounts().stream()
                    .collect(Collectors.toMap(V1VolumeMount::getMountPath, V1VolumeMount::getName));
            assertEquals("push-secret", mounts.get("/secrets/push"));
            assertEquals("workspace", mounts.get("/workspace"));

            V1Secret push = k8s.core
                    .readNamespacedSecret(job.getSpec().getPushSecret(), namespace.name())
                    .execute();
            assertEquals("kubernetes.io/dockerconfigjson", push.getType());
            assertTrue(new String(push.getData().get(".dockerconfigjson"), StandardCharsets.UTF_8).contains("auths"));
            String dockerfile = pod.getMetadata().getAnnotations().get(BuildPodFactory.DOCKERFILE_ANNOTATION);
            assertTrue(dockerfile.startsWith("FROM " + BASE), dockerfile);
            String scriptName = BuildScriptConfigMap.name(BuildScript.text());
            assertEquals(
                    scriptName,
                    pod.getSpec().getVolumes().stream()
                            .filter(v -> v.getName().equals("workspace"))
                            .findFirst()
                            .orElseThrow()
                            .getProjected()
                            .getSources()
                            .get(0)
                            .getConfigMap()
                            .getName());
            V1ConfigMap script = k8s.core
                    .readNamespacedConfigMap(scriptName, namespace.name())
                    .execute();
            assertEquals(BuildScript.text(), script.getData().get(BuildScriptConfigMap.KEY));
            assertEquals(
                    List.of(scriptName),
                    k8s.core.listNamespacedConfigMap(namespace.name()).execute().getItems().stream()
                            .map(c -> c.getMetadata().getName())
                            .filter(n -> !n.equals("kube-root-ca.crt"))
                            .toList(),
                    "the build's only object of its own is its pod: no ConfigMap per build");

            ImageSpecJobResource pending = k8s.awaitJobPhase(jobName, "Pending");
            assertEquals(podName, pending.getStatus().getPodName());
            ImageSpecResource specStatus = k8s.awaitSpecPhase("base-curl", "Pending");
            assertEquals(jobName, specStatus.getStatus().getJobName());
            assertEquals(1, k8s.pods().size());
        }
    }

    /**
     * A job that finished without the controller seeing its pod end (as an earlier version left it, or a cancel in the
     * meantime) has no kept log: after its time to live, its pod goes only once the log is kept.
     */
    @Test
    void aPodWhoseJobFinishedElsewhereGoesAfterItsTimeToLiveOnlyOnceItsLogIsKept(
            ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        String jobName = jobName("elsewhere", List.of("curl"));
        String podName;
        try (ImageBuilderController first = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("elsewhere", BASE, List.of("curl"), null, "2026-11-27T00:00:00Z");
            podName = k8s.awaitPodName(jobName);
            k8s.awaitPod(podName);
            k8s.awaitJobPhase(jobName, "Pending");
        }
        // with no controller running: the job is finished by someone else, an hour ago; then its pod ends
        ImageSpecJobResource job = k8s.awaitJob(jobName);
        String anHourAgo = java.time.Instant.now()
                .minusSeconds(3600)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        job.getStatus()
                .setPhase("Succeeded")
                .setPodName(podName)
                .setStartTime(anHourAgo)
                .setFinishTime(anHourAgo);
        ControllerHarness.ok(k8s.jobs.updateStatus(job, ImageSpecJobResource::getStatus));
        k8s.podTerminated(podName, 0, null);
        assertTrue(BuildLogs.read(k8s.core, namespace.name(), jobName).isEmpty(), "no log kept yet");

        try (ImageBuilderController second = k8s.startController(
                ControllerHarness.configuredRegistry(),
                new ControllerOptions(namespace.name(), 2).withPodTtl(java.time.Duration.ofSeconds(1)))) {
            await("the pod to go").atMost(TIMEOUT).until(() -> k8s.pods().isEmpty());
            BuildLogs.Kept kept = BuildLogs.read(k8s.core, namespace.name(), jobName)
                    .orElseThrow(() -> new AssertionError("the pod went without its log kept"));
            assertEquals(podName, kept.podName());
        }
    }

    @Test
    void jobAndSpecFollowTheBuildPodToSuccess(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("ok", BASE, List.of("curl"), null, null);
            String jobName = jobName("ok", List.of("curl"));
            String podName = k8s.awaitPodName(jobName);
            k8s.awaitPod(podName);
            k8s.awaitJobPhase(jobName, "Pending");

            k8s.podRunning(podName);
            ImageSpecJobResource running = k8s.awaitJobPhase(jobName, "Running");
            assertNotNull(running.getStatus().getStartTime());
            assertEquals("Building", succeeded(running).getReason());
            k8s.awaitSpecPhase("ok", "Running");

            k8s.podTerminated(podName, 0, "pushed: x@sha256:0");
            ImageSpecJobResource done = k8s.awaitJobPhase(jobName, "Succeeded");
            assertNotNull(done.getStatus().getFinishTime());
            assertEquals("True", succeeded(done).getStatus());
            ImageSpecResource spec = k8s.awaitSpecPhase("ok", "Succeeded");
            assertEquals(
                    REPO_PREFIX + "/ok:" + jobName.substring(jobName.length() - 8),
                    spec.getStatus().getImage());
            assertEquals("True", spec.getStatus().getConditions().get(0).getStatus());
            assertEquals(spec.getMetadata().getGeneration(), spec.getStatus().getObservedGeneration());

            List<String> reasons = await("the build events")
                    .atMost(TIMEOUT)
                    .until(
                            () -> k8s.events().stream()
                                    .map(CoreV1Event::getReason)
                                    .toList(),
                            r -> r.contains("BuildSucceeded"));
            assertTrue(reasons.contains("BuildStarted"), reasons.toString());
        }
    }

    /**
     * Another tool's condition on a job and a spec (added as {@code kubectl patch --type=json} adds one) outlives every
     * status the controller writes after it, in its place; the controller's own condition is set by type beside it.
     */
    @Test
    void anotherToolsConditionsOutliveTheControllersStatusWrites(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("audited", BASE, List.of("curl"), null, null);
            String jobName = jobName("audited", List.of("curl"));
            String podName = k8s.awaitPodName(jobName);
            k8s.awaitJobPhase(jobName, "Pending");
            k8s.awaitSpecPhase("audited", "Pending");
            k8s.addCondition("imagespecjobs", jobName, "Audited", "Scanned");
            k8s.addCondition("imagespecs", "audited", "Audited", "Scanned");

            k8s.podRunning(podName);
            assertEquals(
                    List.of("Succeeded", "Audited"),
                    types(k8s.awaitJobPhase(jobName, "Running").getStatus().getConditions()));
            k8s.podTerminated(podName, 0, "pushed: x@sha256:0");
            ImageSpecJobResource done = k8s.awaitJobPhase(jobName, "Succeeded");
            ImageSpecResource spec = k8s.awaitSpecPhase("audited", "Succeeded");

            assertEquals(List.of("Succeeded", "Audited"), types(done.getStatus().getConditions()));
            assertEquals("True", succeeded(done).getStatus());
            assertEquals(List.of("Ready", "Audited"), types(spec.getStatus().getConditions()));
            ConditionField audited = spec.getStatus().getConditions().get(1);
            assertEquals("Scanned", audited.getReason(), "sent back as the other tool wrote it");
            assertEquals("2026-12-01T00:00:00Z", audited.getLastTransitionTime());
        }
    }

    private static List<String> types(List<ConditionField> conditions) {
        return conditions.stream().map(ConditionField::getType).toList();
    }

    /**
     * An administrator rotates the registry password: the controller restarted with the new one brings the push
     * secret it made in step before the next build's pod, replacing it (same uid, same labels), and the new password
     * shows in no event.
     */
    @Test
    void aRotatedRegistryPasswordReachesThePushSecretBeforeTheNextBuild(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        String secretName = RegistrySettings.DEFAULT_PUSH_SECRET_NAME;
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("before", BASE, List.of("curl"), null, null);
            k8s.awaitPod(k8s.awaitPodName(jobName("before", List.of("curl"))));
        }
        V1Secret before =
                k8s.core.readNamespacedSecret(secretName, namespace.name()).execute();
        assertArrayEquals(
                ControllerHarness.configuredRegistry().dockerConfigJson(),
                before.getData().get(PushSecretFactory.KEY));

        SettingsRegistryCredentials rotated = ControllerHarness.configuredRegistry("Rotated-passw0rd-never-shown");
        try (ImageBuilderController controller = k8s.startController(rotated)) {
            k8s.createSpec("after", BASE, List.of("git"), null, null);
            k8s.awaitPod(k8s.awaitPodName(jobName("after", List.of("git"))));
        }
        V1Secret after =
                k8s.core.readNamespacedSecret(secretName, namespace.name()).execute();
        assertArrayEquals(rotated.dockerConfigJson(), after.getData().get(PushSecretFactory.KEY));
        assertEquals(before.getMetadata().getUid(), after.getMetadata().getUid(), "replaced, not made anew");
        assertEquals(before.getMetadata().getLabels(), after.getMetadata().getLabels(), "still the controller's");
        assertTrue(
                k8s.events().stream()
                        .noneMatch(event -> String.valueOf(event.getMessage()).contains("Rotated-passw0rd")),
                "the password is in an event");
    }

    @Test
    void aFailedPushFailsJobAndSpecWithPushFailedAndNoSecretAnywhere(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("push-fails", BASE, List.of("curl"), null, null);
            String jobName = jobName("push-fails", List.of("curl"));
            String podName = k8s.awaitPodName(jobName);
            k8s.awaitPod(podName);
            k8s.podRunning(podName);
            k8s.awaitJobPhase(jobName, "Running");
            k8s.podTerminated(podName, 40, "error: push: unauthorized: authentication required");

            ImageSpecJobResource failed = k8s.awaitJobPhase(jobName, "Failed");
            assertEquals("PushFailed", succeeded(failed).getReason());
            assertEquals("False", succeeded(failed).getStatus());
            assertTrue(
                    succeeded(failed).getMessage().contains("unauthorized"),
                    succeeded(failed).getMessage());
            ImageSpecResource spec = k8s.awaitSpecPhase("push-fails", "Failed");
            assertEquals("PushFailed", spec.getStatus().getConditions().get(0).getReason());
            assertEquals("", spec.getStatus().getImage());

            List<CoreV1Event> events = await("the failure event")
                    .atMost(TIMEOUT)
                    .until(k8s::events, list -> list.stream().anyMatch(e -> "BuildFailed".equals(e.getReason())));
            CoreV1Event failure = events.stream()
                    .filter(e -> "BuildFailed".equals(e.getReason()))
                    .findFirst()
                    .orElseThrow();
            assertEquals("Warning", failure.getType());
            for (CoreV1Event event : events) {
                assertFalse(event.getMessage().contains(PASSWORD), "event leaks the password: " + event.getMessage());
            }
            assertFalse(io.kubernetes
                    .client
                    .openapi
                    .JSON
                    .serialize(k8s.job(jobName))
                    .contains(PASSWORD));
            assertFalse(io.kubernetes
                    .client
                    .openapi
                    .JSON
                    .serialize(k8s.spec("push-fails"))
                    .contains(PASSWORD));
        }
    }

    @Test
    void editingThePackagesMakesANewJobAndCancelsTheRunningOldOne(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("edited", BASE, List.of("curl"), null, null);
            String oldJob = jobName("edited", List.of("curl"));
            String oldPod = k8s.awaitPodName(oldJob);
            k8s.awaitPod(oldPod);
            k8s.podRunning(oldPod);
            k8s.awaitJobPhase(oldJob, "Running");

            k8s.updateSpec("edited", spec -> spec.getPackages().setApt(List.of("curl", "git")));
            String newJob = jobName("edited", List.of("curl", "git"));
            k8s.awaitJob(newJob);
            k8s.awaitPod(k8s.awaitPodName(newJob));

            ImageSpecJobResource cancelled = k8s.awaitJobPhase(oldJob, "Cancelled");
            assertEquals("Superseded", succeeded(cancelled).getReason());
            assertNotNull(cancelled.getStatus().getFinishTime());
            await("the old pod to be deleted").atMost(TIMEOUT).until(() -> k8s.podGone(oldPod));
            ImageSpecResource spec = await("the spec to show the new job")
                    .atMost(TIMEOUT)
                    .until(
                            () -> k8s.spec("edited"),
                            s -> newJob.equals(s.getStatus().getJobName()));
            assertEquals("Pending", spec.getStatus().getPhase());
        }
    }

    @Test
    void anInvalidSpecGetsNoJobAndAStatusNamingEveryProblem(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("invalid", "Not A Valid Image!", List.of("curl"), List.of("numpy; rm -rf /"), null);
            ImageSpecResource spec = k8s.awaitSpecPhase("invalid", "Failed");
            ConditionField ready = spec.getStatus().getConditions().get(0);
            assertEquals("Ready", ready.getType());
            assertEquals("False", ready.getStatus());
            assertEquals("InvalidSpec", ready.getReason());
            assertTrue(ready.getMessage().contains("spec.baseImage"), ready.getMessage());
            assertTrue(ready.getMessage().contains("spec.packages.pip[0]"), ready.getMessage());
            assertTrue(k8s.allJobs().isEmpty());
            assertTrue(k8s.pods().isEmpty());
        }
    }

    @Test
    void aRepeatedEventRaisesTheCountOfTheEventWrittenFirstAndNamesTheReplica(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        ControllerOptions options = new ControllerOptions(namespace.name(), 2).withIdentity("replica-a_1234abcd");
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry(), options)) {
            k8s.createSpec("flapping", BASE, List.of("curl"), List.of("numpy; rm -rf /"), null);
            k8s.awaitSpecPhase("flapping", "Failed");
            CoreV1Event first = awaitInvalidSpecEvent(k8s, 1);
            assertEquals("replica-a_1234abcd", first.getReportingInstance());
            assertEquals("primehub-image-builder", first.getReportingComponent());
            assertEquals("Warning", first.getType());

            // Valid (a job, cancelled by the next edit), then invalid in the same way: the same event again.
            k8s.updateSpec("flapping", spec -> spec.getPackages().setPip(List.of("numpy")));
            k8s.awaitSpecPhase("flapping", "Pending");
            java.time.OffsetDateTime beforeSecond =
                    java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).withNano(0);
            k8s.updateSpec("flapping", spec -> spec.getPackages().setPip(List.of("numpy; rm -rf /")));
            CoreV1Event second = awaitInvalidSpecEvent(k8s, 2);
            assertEquals(first.getMetadata().getName(), second.getMetadata().getName(), "one Event, counted");
            assertEquals(first.getFirstTimestamp(), second.getFirstTimestamp());
            assertFalse(second.getLastTimestamp().isBefore(beforeSecond), "the last time is the second's");

            // The Event is gone (expired, or deleted by someone): the next occurrence makes it again, its count kept.
            k8s.core
                    .deleteNamespacedEvent(first.getMetadata().getName(), namespace.name())
                    .execute();
            k8s.updateSpec("flapping", spec -> spec.getPackages().setPip(List.of("numpy")));
            k8s.awaitSpecPhase("flapping", "Cancelled");
            k8s.updateSpec("flapping", spec -> spec.getPackages().setPip(List.of("numpy; rm -rf /")));
            CoreV1Event third = awaitInvalidSpecEvent(k8s, 3);
            assertEquals(first.getMetadata().getName(), third.getMetadata().getName());
            assertEquals(first.getFirstTimestamp(), third.getFirstTimestamp());
        }
    }

    /** The spec's only {@code InvalidSpec} Event, once its count is {@code count}. */
    private static CoreV1Event awaitInvalidSpecEvent(ControllerHarness k8s, int count) {
        List<CoreV1Event> invalid = await("an InvalidSpec event counted " + count)
                .atMost(TIMEOUT)
                .until(
                        () -> k8s.events().stream()
                                .filter(e -> "InvalidSpec".equals(e.getReason()))
                                .toList(),
                        list -> list.size() == 1 && list.get(0).getCount() == count);
        return invalid.get(0);
    }

    @Test
    void aMissingRegistryConfigurationBuildsNothingUntilItIsConfigured(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.unconfiguredRegistry())) {
            k8s.createSpec("waiting", BASE, List.of("curl"), null, null);
            ImageSpecResource spec = await("the spec to say the registry is missing")
                    .atMost(TIMEOUT)
                    .until(() -> k8s.spec("waiting"), s -> s.getStatus() != null);
            assertEquals(
                    "RegistryNotConfigured",
                    spec.getStatus().getConditions().get(0).getReason());
            assertTrue(spec.getStatus().getConditions().get(0).getMessage().contains("PRIMEHUB_FEATURE_CUSTOM_IMAGE"));
            assertTrue(k8s.allJobs().isEmpty());
        }
        // Registry settings are read at start; the configured controller that replaces it builds.
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            String jobName = jobName("waiting", List.of("curl"));
            k8s.awaitJob(jobName);
            k8s.awaitPod(k8s.awaitPodName(jobName));
            k8s.awaitSpecPhase("waiting", "Pending");
            assertEquals(jobName, k8s.spec("waiting").getStatus().getJobName());
        }
    }

    @Test
    void aControllerRestartedMidBuildMakesNoSecondPodAndCarriesOn(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        String jobName = jobName("restarted", List.of("curl"));
        String podName;
        try (ImageBuilderController first = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("restarted", BASE, List.of("curl"), null, null);
            podName = k8s.awaitPodName(jobName);
            k8s.awaitPod(podName);
            k8s.podRunning(podName);
            k8s.awaitJobPhase(jobName, "Running");
        }
        try (ImageBuilderController second = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.podTerminated(podName, 0, "pushed");
            k8s.awaitJobPhase(jobName, "Succeeded");
            k8s.awaitSpecPhase("restarted", "Succeeded");
            assertEquals(
                    List.of(podName),
                    k8s.pods().stream().map(p -> p.getMetadata().getName()).toList());
            assertEquals(1, k8s.allJobs().size());
        }
    }

    @Test
    void aDeletedSpecTakesItsJobsAndPodsWithIt(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("deleted", BASE, List.of("curl"), null, null);
            String jobName = jobName("deleted", List.of("curl"));
            String podName = k8s.awaitPodName(jobName);
            k8s.awaitPod(podName);

            assertTrue(k8s.specs.delete(namespace.name(), "deleted").isSuccess());
            await("the garbage collector to delete the job")
                    .atMost(GC_TIMEOUT)
                    .until(() -> k8s.jobs.get(namespace.name(), jobName).getHttpStatusCode() == 404);
            await("the garbage collector to delete the pod").atMost(GC_TIMEOUT).until(() -> k8s.podGone(podName));
        }
    }

    @Test
    void changingOnlyTheUpdateTimeRebuildsTheSameRevision(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("rebuilt", BASE, List.of("curl"), null, "2026-11-27T00:00:00Z");
            String jobName = jobName("rebuilt", List.of("curl"));
            String firstPod = BuildPodNames.podName(jobName, "2026-11-27T00:00:00Z");
            k8s.awaitPod(firstPod);
            k8s.podTerminated(firstPod, 0, "pushed");
            k8s.awaitJobPhase(jobName, "Succeeded");
            k8s.awaitSpecPhase("rebuilt", "Succeeded");

            k8s.updateSpec("rebuilt", spec -> spec.setUpdateTime("2026-11-28T00:00:00Z"));
            String secondPod = BuildPodNames.podName(jobName, "2026-11-28T00:00:00Z");
            k8s.awaitPod(secondPod);
            ImageSpecJobResource job = await("the job to be reset for the rebuild")
                    .atMost(TIMEOUT)
                    .until(
                            () -> k8s.job(jobName),
                            j -> secondPod.equals(j.getStatus().getPodName()));
            assertEquals("Pending", job.getStatus().getPhase());
            assertEquals("2026-11-28T00:00:00Z", job.getSpec().getUpdateTime());
            await("the first pod to be deleted").atMost(TIMEOUT).until(() -> k8s.podGone(firstPod));
            assertEquals(1, k8s.allJobs().size());

            k8s.podTerminated(secondPod, 0, "pushed");
            k8s.awaitJobPhase(jobName, "Succeeded");
            k8s.awaitSpecPhase("rebuilt", "Succeeded");
        }
    }

    @Test
    void aBuildPodDeletedBySomeoneElseFailsItsJobWithPodDeleted(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        try (ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry())) {
            k8s.createSpec("pod-deleted", BASE, List.of("curl"), null, null);
            String jobName = jobName("pod-deleted", List.of("curl"));
            String podName = k8s.awaitPodName(jobName);
            k8s.awaitPod(podName);
            k8s.awaitJobPhase(jobName, "Pending");

            k8s.core.deleteNamespacedPod(podName, namespace.name()).execute();
            ImageSpecJobResource failed = k8s.awaitJobPhase(jobName, "Failed");
            assertEquals("PodDeleted", succeeded(failed).getReason());
            assertEquals(
                    "PodDeleted",
                    k8s.awaitSpecPhase("pod-deleted", "Failed")
                            .getStatus()
                            .getConditions()
                            .get(0)
                            .getReason());
        }
        // A controller that starts now reconciles the failed job from its first list, and does not make the pod
        // again: once it has (its writes are done when it is counted), the pod is still gone.
        try (ImageBuilderController restarted = k8s.startController(ControllerHarness.configuredRegistry())) {
            String jobName = jobName("pod-deleted", List.of("curl"));
            k8s.awaitReconciled("imagespecjob", jobName);
            assertEquals(
                    List.of(),
                    k8s.pods().stream()
                            .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                            .map(pod -> pod.getMetadata().getName())
                            .toList(),
                    "no build pod is made again");
            assertEquals("Failed", k8s.job(jobName).getStatus().getPhase());
        }
    }

    @Test
    void installingTheCrdsOnAClusterThatHasThemReplacesThem(ApiClient client) throws Exception {
        var crds = new io.kubernetes.client.openapi.apis.ApiextensionsV1Api(client);
        io.primehub.imagebuilder.k8s.CustomResourceDefinitions.install(client, java.time.Duration.ofSeconds(60));
        // A merge patch: the typed model cannot be sent back as it was read (client-java 25 adds empty fields).
        io.kubernetes.client.util.PatchUtils.patch(
                io.kubernetes.client.openapi.models.V1CustomResourceDefinition.class,
                () -> crds.patchCustomResourceDefinition(
                                "imagespecs.primehub.io",
                                new io.kubernetes.client.custom.V1Patch(
                                        "{\"metadata\":{\"labels\":{\"it-drift\":\"true\"}}}"))
                        .buildCall(null),
                io.kubernetes.client.custom.V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                client);
        assertEquals(
                "true",
                crds.readCustomResourceDefinition("imagespecs.primehub.io")
                        .execute()
                        .getMetadata()
                        .getLabels()
                        .get("it-drift"));

        io.primehub.imagebuilder.k8s.CustomResourceDefinitions.install(client, java.time.Duration.ofSeconds(60));

        var labels = crds.readCustomResourceDefinition("imagespecs.primehub.io")
                .execute()
                .getMetadata()
                .getLabels();
        assertTrue(
                labels == null || !labels.containsKey("it-drift"),
                "the shipped CRD replaced the drifted one: " + labels);
    }

    @Test
    void closingTheControllerStopsEveryThreadItStarted(ApiClient client, TestNamespace namespace) {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        ImageBuilderController controller = k8s.startController(ControllerHarness.configuredRegistry());
        k8s.createSpec("threads", BASE, List.of("curl"), null, null);
        k8s.awaitJob(jobName("threads", List.of("curl")));
        controller.close();
        controller.close();
        await("the controller's threads to end")
                .atMost(TIMEOUT)
                .until(
                        () -> Thread.getAllStackTraces().keySet().stream()
                                .filter(Thread::isAlive)
                                .filter(t -> !before.contains(t))
                                // OkHttp's shared connection pool and task runner belong to the caller's client, not
                                // the controller
                                .filter(t -> !t.getName().startsWith("OkHttp")
                                        && !t.getName().startsWith("awaitility"))
                                .map(t -> t.getName() + " " + java.util.Arrays.toString(t.getStackTrace()))
                                .toList(),
                        List::isEmpty);
    }

    private static ConditionField succeeded(ImageSpecJobResource job) {
        return job.getStatus().getConditions().stream()
                .filter(c -> "Succeeded".equals(c.getType()))
                .findFirst()
                .orElseThrow();
    }
}
