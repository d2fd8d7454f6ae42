package io.primehub.imagebuilder.k8s.build;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ConfigMapProjection;
import io.kubernetes.client.openapi.models.V1ConfigMapVolumeSource;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1DownwardAPIProjection;
import io.kubernetes.client.openapi.models.V1DownwardAPIVolumeFile;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1ObjectFieldSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ProjectedVolumeSource;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.k8s.BuildNetwork;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates a job's build pod from data, apart from the reconciler (as Shipwright's {@code GenerateTaskRun}).
 *
 * <p>The pod runs {@code build-image.sh} with {@code BASE_IMAGE} and {@code TARGET_IMAGE} in its environment. Both
 * its files are in {@value #WORKSPACE}, one projected volume: the script from the namespace's shared {@link
 * BuildScriptConfigMap}, and the rendered Dockerfile from the pod's own annotation {@value #DOCKERFILE_ANNOTATION}
 * (through the downward API), so that a build makes no object of its own but the pod; credentials reach it only as files: the push secret at {@code /secrets/push} and the
 * spec's pull secret at {@code /secrets/pull}, never as environment values. buildah keeps its layers in an
 * emptyDir, so the ephemeral-storage limit bounds the build. Proxies, package indexes and mirrors ({@link
 * BuildPodSettings#network()}) reach it as environment values (none of them holds a credential: {@link BuildNetwork}
 * refuses one), and a CA bundle as the ConfigMap key mounted at {@value #CA_BUNDLE_FILE}.
 *
 * <p>Security: the container is privileged, or has the narrow capabilities of {@link
 * io.primehub.imagebuilder.k8s.BuildSecurity#CAPABILITIES} ({@link BuildPodSettings#security()}). buildah's
 * {@code chroot} isolation runs each {@code RUN} step in new mount, UTS and IPC namespaces, which needs
 * {@code CAP_SYS_ADMIN}; {@code apt-get} in those steps changes file owners and capabilities ({@code CAP_SETFCAP},
 * {@code CAP_CHOWN}, ...). Unprivileged (rootless) builds need user namespaces and {@code /dev/fuse} on every node,
 * which clusters do not promise. The pod mounts no service
 * account token: it never talks to the API server.
 */
public final class BuildPodFactory {

    /** Label on a build pod (and the copy of its pull secret) naming the job it builds. */
    public static final String JOB_NAME_LABEL = "imagespecjobs.primehub.io/name";

    public static final String WORKSPACE = "/workspace";
    /**
     * The pod's annotation that holds its rendered Dockerfile, mounted as {@value #WORKSPACE}{@code /Dockerfile}. A
     * valid spec's Dockerfile is well within the 256 KiB the API server allows a pod's annotations (each package list
     * is at most 32 KiB).
     */
    public static final String DOCKERFILE_ANNOTATION = "imagespecs.primehub.io/dockerfile";

    public static final String PUSH_SECRET_DIR = "/secrets/push";
    public static final String PULL_SECRET_DIR = "/secrets/pull";
    /** buildah's storage (graph root) when run as root. */
    public static final String STORAGE_DIR = "/var/lib/containers";
    /** Where the CA bundle's ConfigMap key is mounted, as {@value #CA_BUNDLE_FILE}. */
    public static final String CA_BUNDLE_DIR = "/ca-bundle";

    public static final String CA_BUNDLE_FILE = CA_BUNDLE_DIR + "/ca.crt";

    private BuildPodFactory() {}

    /** The labels of everything made for a job's build: the job's own, plus the job's name. */
    public static Map<String, String> labels(ImageSpecJob job) {
        Map<String, String> labels = new HashMap<>(job.labels());
        labels.put(JOB_NAME_LABEL, job.name());
        return labels;
    }

    /**
     * What a build pod carries besides its job and settings.
     *
     * @param dockerfile      the rendered Dockerfile
     * @param scriptConfigMap the name of the build script's ConfigMap in the pod's namespace ({@link
     *                        BuildScriptConfigMap#name})
     * @param recipeDigest    the digest of the job's recipe ({@code RecipeDigest}), which the build writes into the
     *                        image as a label ({@code RECIPE_DIGEST}); empty for none
     * @param cacheRepository the repository of the build's layer cache on the push registry ({@code
     *                        CACHE_REPOSITORY}); empty for none
     */
    public record Inputs(String dockerfile, String scriptConfigMap, String recipeDigest, String cacheRepository) {

        /** The Dockerfile and the script, with no recipe label and no layer cache. */
        public static Inputs of(String dockerfile, String scriptConfigMap) {
            return new Inputs(dockerfile, scriptConfigMap, "", "");
        }
    }

    /** The build pod beside its job. */
    public static V1Pod pod(
            ImageSpecJob job, String podName, V1OwnerReference owner, BuildPodSettings settings, Inputs inputs) {
        return pod(job, podName, BuildPlacement.besideTheJob(job, owner), settings, inputs);
    }

    /** The build pod, where {@code placement} puts it. */
    public static V1Pod pod(
            ImageSpecJob job, String podName, BuildPlacement placement, BuildPodSettings settings, Inputs inputs) {
        List<V1Volume> volumes = new ArrayList<>();
        List<V1VolumeMount> mounts = new ArrayList<>();
        volumes.add(new V1Volume()
                .name("workspace")
                .projected(new V1ProjectedVolumeSource()
                        .defaultMode(0444)
                        .sources(List.of(
                                new V1VolumeProjection()
                                        .configMap(new V1ConfigMapProjection()
                                                .name(inputs.scriptConfigMap())
                                                .items(List.of(new V1KeyToPath()
                                                        .key(BuildScriptConfigMap.KEY)
                                                        .path("build-image.sh")))),
                                new V1VolumeProjection()
                                        .downwardAPI(new V1DownwardAPIProjection()
                                                .items(List.of(new V1DownwardAPIVolumeFile()
                                                        .path("Dockerfile")
                                                        .fieldRef(new V1ObjectFieldSelector()
                                                                .fieldPath("metadata.annotations['"
                                                                        + DOCKERFILE_ANNOTATION + "']")))))))));
        mounts.add(new V1VolumeMount().name("workspace").mountPath(WORKSPACE).readOnly(true));
        volumes.add(secretVolume("push-secret", job.pushSecret()));
        mounts.add(new V1VolumeMount()
                .name("push-secret")
                .mountPath(PUSH_SECRET_DIR)
                .readOnly(true));
        if (!placement.pullSecret().isEmpty()) {
            volumes.add(secretVolume("pull-secret", placement.pullSecret()));
            mounts.add(new V1VolumeMount()
                    .name("pull-secret")
                    .mountPath(PULL_SECRET_DIR)
                    .readOnly(true));
        }
        volumes.add(new V1Volume().name("storage").emptyDir(new V1EmptyDirVolumeSource()));
        mounts.add(new V1VolumeMount().name("storage").mountPath(STORAGE_DIR));

        List<V1EnvVar> environment = new ArrayList<>(List.of(
                env("BASE_IMAGE", job.baseImage()),
                env("TARGET_IMAGE", job.pushedImage()),
                env("REGISTRY_INSECURE", Boolean.toString(settings.registryInsecure())),
                env("BUILD_ISOLATION", "chroot"),
                env("STORAGE_DRIVER", "vfs"),
                env("BUILD_DIR", WORKSPACE),
                env("PUSH_AUTH_FILE", PUSH_SECRET_DIR + "/.dockerconfigjson"),
                env("PULL_AUTH_FILE", PULL_SECRET_DIR + "/.dockerconfigjson")));
        if (!inputs.recipeDigest().isEmpty()) {
            environment.add(env("RECIPE_DIGEST", inputs.recipeDigest()));
        }
        if (!inputs.cacheRepository().isEmpty()) {
            environment.add(env("CACHE_REPOSITORY", inputs.cacheRepository()));
        }
        BuildNetwork network = settings.network();
        network.scriptEnvironment().forEach((name, value) -> environment.add(env(name, value)));
        network.caBundle().ifPresent(ca -> {
            // Optional: a missing ConfigMap or key does not hold the pod in ContainerCreating until its deadline; the
            // script finds no file and fails at once (InitFailed), naming the setting.
            volumes.add(new V1Volume()
                    .name("ca-bundle")
                    .configMap(new V1ConfigMapVolumeSource()
                            .name(ca.configMap())
                            .optional(true)
                            .defaultMode(0444)
                            .items(List.of(new V1KeyToPath().key(ca.key()).path("ca.crt")))));
            mounts.add(new V1VolumeMount()
                    .name("ca-bundle")
                    .mountPath(CA_BUNDLE_DIR)
                    .readOnly(true));
            environment.add(env(BuildNetwork.SCRIPT_CA_BUNDLE_VARIABLE, CA_BUNDLE_FILE));
        });

        V1Container build = new V1Container()
                .name(ResourceMapping.BUILD_CONTAINER)
                .image(settings.builderImage())
                .command(List.of("bash", WORKSPACE + "/build-image.sh"))
                .env(environment)
                .resources(new V1ResourceRequirements()
                        .requests(Map.of(
                                "cpu", Quantity.fromString(settings.cpuRequest()),
                                "memory", Quantity.fromString(settings.memoryRequest())))
                        .limits(Map.of(
                                "cpu", Quantity.fromString(settings.cpuLimit()),
                                "memory", Quantity.fromString(settings.memoryLimit()),
                                "ephemeral-storage", Quantity.fromString(settings.ephemeralStorageLimit()))))
                .securityContext(settings.security().securityContext())
                .terminationMessagePolicy("FallbackToLogsOnError")
                .volumeMounts(mounts);

        Map<String, String> annotations = new HashMap<>(job.annotations());
        annotations.put(DOCKERFILE_ANNOTATION, inputs.dockerfile());
        return new V1Pod()
                .apiVersion("v1")
                .kind("Pod")
                .metadata(new V1ObjectMeta()
                        .name(podName)
                        .namespace(placement.namespace())
                        .labels(new HashMap<>(placement.labels()))
                        .annotations(annotations)
                        .ownerReferences(placement.ownerReferences()))
                .spec(new V1PodSpec()
                        .restartPolicy("Never")
                        .activeDeadlineSeconds(settings.deadline().toSeconds())
                        .automountServiceAccountToken(false)
                        .enableServiceLinks(false)
                        .containers(List.of(build))
                        .volumes(volumes)
                        // the model starts with an empty overhead map, which admission refuses without a RuntimeClass
                        .overhead(null));
    }

    private static V1Volume secretVolume(String name, String secretName) {
        return new V1Volume()
                .name(name)
                .secret(new V1SecretVolumeSource()
                        .secretName(secretName)
                        .defaultMode(0400)
                        .items(List.of(
                                new V1KeyToPath().key(PushSecretFactory.KEY).path(".dockerconfigjson"))));
    }

    private static V1EnvVar env(String name, String value) {
        return new V1EnvVar().name(name).value(value);
    }
}
