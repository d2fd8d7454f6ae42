package io.primehub.imagebuilder.it.controller;

import static org.awaitility.Awaitility.await;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.primehub.imagebuilder.domain.port.BuiltImages;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.k8s.ControllerMetrics;
import io.primehub.imagebuilder.k8s.ControllerOptions;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobList;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecList;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecSpec;
import io.primehub.imagebuilder.k8s.resource.PackagesField;
import io.primehub.imagebuilder.registry.ConfigSource;
import io.primehub.imagebuilder.registry.RegistrySettings;
import io.primehub.imagebuilder.registry.SettingsRegistryCredentials;
import io.primehub.imagebuilder.renderer.MustacheDockerfileRenderer;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.MDC;

/**
 * What the controller ITs share: a controller per test on the test's namespace, with the real registry settings
 * and Dockerfile renderer; creating specs; and playing the kubelet, which envtest lacks, by writing pod status.
 */
final class ControllerHarness {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A password that must never show up in a pod, a status or an event. */
    static final String PASSWORD = "Sup3r-s3cret-registry-passw0rd";

    static final String REGISTRY = "127.0.0.1:5000";
    static final String REPO_PREFIX = REGISTRY + "/team";
    static final BuildPodSettings BUILD_PODS =
            new BuildPodSettings("builder:test", "250m", "512Mi", "1", "2Gi", "10Gi", Duration.ofMinutes(30), true);

    final ApiClient client;
    final String namespace;
    final CoreV1Api core;
    final GenericKubernetesApi<ImageSpecResource, ImageSpecList> specs;
    final GenericKubernetesApi<ImageSpecJobResource, ImageSpecJobList> jobs;

    /**
     * Every reconcile that the controller started last by this harness finished, as {@code "<kind> <name>"}, in order:
     * a list of its own, so that a late reconcile of an earlier controller is never counted for it.
     */
    private volatile List<String> reconciled = new CopyOnWriteArrayList<>();

    /** A fresh list for the next controller, and the metrics that fill it (told within each reconcile's log fields). */
    private ControllerMetrics recorder() {
        List<String> own = new CopyOnWriteArrayList<>();
        reconciled = own;
        return new ControllerMetrics() {
            @Override
            public void reconciled(String kind, Duration took, boolean failed) {
                own.add(kind + " " + MDC.get("name"));
            }
        };
    }

    ControllerHarness(ApiClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.core = new CoreV1Api(client);
        this.specs = CustomResources.imageSpecs(client);
        this.jobs = CustomResources.imageSpecJobs(client);
    }

    static SettingsRegistryCredentials configuredRegistry() {
        return configuredRegistry(PASSWORD);
    }

    /** The registry settings with another password: what an administrator's rotation of it gives. */
    static SettingsRegistryCredentials configuredRegistry(String password) {
        return SettingsRegistryCredentials.load(ConfigSource.of(Map.of(
                RegistrySettings.FEATURE_KEY, "true",
                RegistrySettings.ENDPOINT_KEY, REGISTRY,
                RegistrySettings.USERNAME_KEY, "builder",
                RegistrySettings.PASSWORD_KEY, password,
                RegistrySettings.REPO_PREFIX_KEY, REPO_PREFIX)));
    }

    static SettingsRegistryCredentials unconfiguredRegistry() {
        return SettingsRegistryCredentials.load(ConfigSource.of(Map.of()));
    }

    /** A started controller on this namespace; the caller closes it. */
    ImageBuilderController startController(
            ApiClient controllerClient, SettingsRegistryCredentials registry, int workers) {
        ImageBuilderController controller = new ImageBuilderController(
                controllerClient,
                new MustacheDockerfileRenderer(),
                registry,
                BuiltImages.NONE,
                BUILD_PODS,
                new ControllerOptions(namespace, workers),
                Clock.systemUTC(),
                recorder());
        controller.start();
        await("the controller to be ready").atMost(TIMEOUT).until(controller::isReady);
        return controller;
    }

    /** A started controller with {@code options}; the caller closes it. */
    ImageBuilderController startController(SettingsRegistryCredentials registry, ControllerOptions options) {
        ImageBuilderController controller = new ImageBuilderController(
                client,
                new MustacheDockerfileRenderer(),
                registry,
                BuiltImages.NONE,
                BUILD_PODS,
                options,
                Clock.systemUTC(),
                recorder());
        controller.start();
        await("the controller to be ready").atMost(TIMEOUT).until(controller::isReady);
        return controller;
    }

    /**
     * How many reconciles of the object of {@code kind} ({@code imagespec}, {@code imagespecjob}, {@code image}) named
     * {@code name} the controller started last by this harness has finished.
     */
    int reconciles(String kind, String name) {
        String entry = kind + " " + name;
        return (int) reconciled.stream().filter(entry::equals).count();
    }

    /**
     * Waits until a controller of this harness has finished more than {@code before} reconciles of the object: any write
     * that reconcile made is done, so what it left alone can be checked at once. This is what a test that expects
     * nothing to happen waits for, rather than for time to pass, which a merely slow controller would also pass.
     */
    void awaitReconciled(String kind, String name, int before) {
        await(kind + " " + name + " to be reconciled").atMost(TIMEOUT).until(() -> reconciles(kind, name) > before);
    }

    void awaitReconciled(String kind, String name) {
        awaitReconciled(kind, name, 0);
    }

    ImageBuilderController startController(SettingsRegistryCredentials registry) {
        return startController(client, registry, 2);
    }

    ImageSpecResource createSpec(String name, String baseImage, List<String> apt, List<String> pip, String updateTime) {
        ImageSpecResource spec = new ImageSpecResource()
                .setMetadata(new V1ObjectMeta().name(name).namespace(namespace))
                .setSpec(new ImageSpecSpec()
                        .setBaseImage(baseImage)
                        .setPackages(new PackagesField().setApt(apt).setPip(pip))
                        .setUpdateTime(updateTime));
        return ok(specs.create(spec));
    }

    ImageSpecResource spec(String name) {
        return ok(specs.get(namespace, name));
    }

    void updateSpec(String name, java.util.function.Consumer<ImageSpecSpec> change) {
        await("spec " + name + " to be updated").atMost(TIMEOUT).until(() -> {
            ImageSpecResource spec = spec(name);
            change.accept(spec.getSpec());
            return specs.update(spec).isSuccess();
        });
    }

    ImageSpecJobResource awaitJob(String name) {
        return await("job " + name)
                .atMost(TIMEOUT)
                .until(() -> jobs.get(namespace, name), KubernetesApiResponse::isSuccess)
                .getObject();
    }

    ImageSpecJobResource job(String name) {
        return ok(jobs.get(namespace, name));
    }

    List<ImageSpecJobResource> allJobs() {
        return ok(jobs.list(namespace)).getItems();
    }

    /** The job's status, once its phase is {@code phase}. */
    ImageSpecJobResource awaitJobPhase(String name, String phase) {
        return await("job " + name + " to be " + phase)
                .atMost(TIMEOUT)
                .until(
                        () -> job(name),
                        job -> job.getStatus() != null
                                && phase.equals(job.getStatus().getPhase()));
    }

    ImageSpecResource awaitSpecPhase(String name, String phase) {
        return await("spec " + name + " to be " + phase)
                .atMost(TIMEOUT)
                .until(
                        () -> spec(name),
                        spec -> spec.getStatus() != null
                                && phase.equals(spec.getStatus().getPhase()));
    }

    /**
     * The build pod name of a job, once the controller recorded it: a spec made without an update time gets one
     * from the controller, and its pod's name follows from it.
     */
    String awaitPodName(String jobName) {
        return await("job " + jobName + " to name its pod")
                .atMost(TIMEOUT)
                .ignoreExceptionsInstanceOf(IllegalStateException.class)
                .until(
                        () -> job(jobName),
                        job -> job.getStatus() != null
                                && job.getStatus().getPodName() != null
                                && !job.getStatus().getPodName().isEmpty())
                .getStatus()
                .getPodName();
    }

    V1Pod awaitPod(String name) {
        return await("pod " + name)
                .atMost(TIMEOUT)
                .ignoreExceptionsInstanceOf(ApiException.class)
                .until(() -> core.readNamespacedPod(name, namespace).execute(), Objects::nonNull);
    }

    List<V1Pod> pods() throws ApiException {
        return core.listNamespacedPod(namespace).execute().getItems();
    }

    boolean podGone(String name) {
        try {
            V1Pod pod = core.readNamespacedPod(name, namespace).execute();
            return pod.getMetadata().getDeletionTimestamp() != null;
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return true;
            }
            throw new IllegalStateException(e);
        }
    }

    List<CoreV1Event> events() throws ApiException {
        return core.listNamespacedEvent(namespace).execute().getItems();
    }

    /*
     * The kubelet's part, written by the test (the controller tests' namespaces are not admitted to the real node, so
     * no kubelet competes). These tests pin the controller's reaction to a pod state held at a moment the test picks:
     * a pod left Running across a controller restart or a watch's expiry, a second revision while the first still
     * runs, a given exit code and message. A real build cannot be held there. The real shape of each transition
     * (Running, Succeeded, Failed with the exit codes 20, 30 and 40, DeadlineExceeded, a cancelled pod) is covered on
     * the real node, by ImageBuildEndToEndIT.
     */

    /** The kubelet's part: the pod started running. */
    void podRunning(String name) throws ApiException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        writePodStatus(
                name,
                new V1PodStatus()
                        .phase("Running")
                        .startTime(now)
                        .containerStatuses(List.of(container()
                                .ready(true)
                                .started(true)
                                .state(new V1ContainerState().running(new V1ContainerStateRunning().startedAt(now))))));
    }

    /**
     * Appends a condition of {@code type} to the status of the {@code plural} object {@code name}, as another tool would
     * with {@code kubectl patch --subresource=status --type=json}: a JSON patch that adds one entry to the list.
     */
    void addCondition(String plural, String name, String type, String reason) throws ApiException {
        String patch = """
                [{"op":"add","path":"/status/conditions/-","value":{"type":"%s","status":"True","reason":"%s",
                  "message":"checked by another tool","lastTransitionTime":"2026-12-01T00:00:00Z"}}]
                """.formatted(type, reason);
        CustomObjectsApi api = new CustomObjectsApi(client);
        PatchUtils.patch(
                Object.class,
                () -> api.patchNamespacedCustomObjectStatus(
                                CustomResources.GROUP,
                                CustomResources.VERSION,
                                namespace,
                                plural,
                                name,
                                new V1Patch(patch))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_PATCH,
                client);
    }

    /** The kubelet's part: the build container ended with {@code exitCode}. */
    void podTerminated(String name, int exitCode, String message) throws ApiException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        writePodStatus(
                name,
                new V1PodStatus()
                        .phase(exitCode == 0 ? "Succeeded" : "Failed")
                        .startTime(now.minusSeconds(20))
                        .containerStatuses(List.of(container()
                                .ready(false)
                                .started(false)
                                .state(new V1ContainerState()
                                        .terminated(new V1ContainerStateTerminated()
                                                .exitCode(exitCode)
                                                .reason(exitCode == 0 ? "Completed" : "Error")
                                                .message(message)
                                                .startedAt(now.minusSeconds(20))
                                                .finishedAt(now))))));
    }

    private static V1ContainerStatus container() {
        return new V1ContainerStatus()
                .name("build")
                .image("builder:test")
                .imageID("")
                .restartCount(0);
    }

    private void writePodStatus(String name, V1PodStatus status) throws ApiException {
        V1Pod pod = core.readNamespacedPod(name, namespace).execute();
        pod.setStatus(status);
        core.replaceNamespacedPodStatus(name, namespace, pod).execute();
    }

    /** The answer's object; an error that names the HTTP status and message when the API server refused. */
    static <T extends io.kubernetes.client.common.KubernetesType> T ok(KubernetesApiResponse<T> response) {
        if (!response.isSuccess()) {
            throw new IllegalStateException("HTTP " + response.getHttpStatusCode() + ": "
                    + (response.getStatus() == null ? "" : response.getStatus().getMessage()));
        }
        return response.getObject();
    }
}
