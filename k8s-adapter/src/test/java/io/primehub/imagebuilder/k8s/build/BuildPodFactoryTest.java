package io.primehub.imagebuilder.k8s.build;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ConfigMapProjection;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1DownwardAPIVolumeFile;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.planning.JobPlanner;
import io.primehub.imagebuilder.k8s.BuildNetwork;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.k8s.BuildSecurity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BuildPodFactoryTest {

    private static final BuildPodSettings SETTINGS =
            new BuildPodSettings("builder:1", "250m", "512Mi", "1", "2Gi", "10Gi", Duration.ofMinutes(30), true);
    private static final V1OwnerReference OWNER =
            new V1OwnerReference().kind("ImageSpecJob").name("j").uid("u").controller(true);

    private static final BuildPodFactory.Inputs INPUTS = BuildPodFactory.Inputs.of("FROM base\n", "script-cm");

    private static ImageSpecJob job(String pullSecret) {
        return JobPlanner.plan(
                new ImageSpec(
                        "hub",
                        "base-curl",
                        "jupyter/base-notebook",
                        pullSecret,
                        new Packages(List.of("curl"), null, null),
                        ""),
                new RegistryTarget("127.0.0.1:5000/team", "push"));
    }

    @Test
    void runsTheBuildScriptWithItsImagesInTheEnvironmentAndCredentialsOnlyAsFiles() {
        V1Pod pod = BuildPodFactory.pod(job("pull"), "p", OWNER, SETTINGS, INPUTS);
        V1Container build = pod.getSpec().getContainers().get(0);
        assertEquals(List.of("bash", "/workspace/build-image.sh"), build.getCommand());
        Map<String, String> env =
                build.getEnv().stream().collect(Collectors.toMap(V1EnvVar::getName, V1EnvVar::getValue));
        assertEquals("jupyter/base-notebook", env.get("BASE_IMAGE"));
        assertEquals(job("pull").pushedImage(), env.get("TARGET_IMAGE"));
        assertEquals("true", env.get("REGISTRY_INSECURE"));
        assertTrue(build.getEnv().stream().allMatch(e -> e.getValueFrom() == null), "no env value from a secret");

        Map<String, String> mounts = build.getVolumeMounts().stream()
                .collect(Collectors.toMap(V1VolumeMount::getName, V1VolumeMount::getMountPath));
        assertEquals("/secrets/push", mounts.get("push-secret"));
        assertEquals("/secrets/pull", mounts.get("pull-secret"));
        Map<String, V1Volume> volumes =
                pod.getSpec().getVolumes().stream().collect(Collectors.toMap(V1Volume::getName, v -> v));
        assertEquals("push", volumes.get("push-secret").getSecret().getSecretName());
        assertEquals("pull", volumes.get("pull-secret").getSecret().getSecretName());
        assertEquals("/workspace", mounts.get("workspace"));
    }

    /** The build makes no object of its own but the pod: its Dockerfile is in the pod, the script is shared. */
    @Test
    void mountsTheSharedScriptAndTheDockerfileFromThePodsOwnAnnotation() {
        V1Pod pod = BuildPodFactory.pod(job(""), "p", OWNER, SETTINGS, INPUTS);
        assertEquals("FROM base\n", pod.getMetadata().getAnnotations().get(BuildPodFactory.DOCKERFILE_ANNOTATION));
        V1Volume workspace = pod.getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("workspace"))
                .findFirst()
                .orElseThrow();
        List<V1VolumeProjection> sources = workspace.getProjected().getSources();
        assertEquals(2, sources.size(), sources.toString());
        V1ConfigMapProjection script = sources.get(0).getConfigMap();
        assertEquals("script-cm", script.getName());
        assertEquals(
                List.of(new V1KeyToPath().key(BuildScriptConfigMap.KEY).path("build-image.sh")), script.getItems());
        assertNull(script.getOptional(), "a pod without its script waits for it rather than failing");
        V1DownwardAPIVolumeFile dockerfile =
                sources.get(1).getDownwardAPI().getItems().get(0);
        assertEquals("Dockerfile", dockerfile.getPath());
        assertEquals(
                "metadata.annotations['imagespecs.primehub.io/dockerfile']",
                dockerfile.getFieldRef().getFieldPath());
        assertEquals(0444, workspace.getProjected().getDefaultMode());
        V1VolumeMount mount = pod.getSpec().getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals("workspace"))
                .findFirst()
                .orElseThrow();
        assertEquals(true, mount.getReadOnly());
    }

    @Test
    void passesTheRecipeDigestForTheImagesLabelAndTheLayerCache() {
        ImageSpecJob job = job("");
        String recipe = "sha256:" + "e".repeat(64);
        V1Pod pod = BuildPodFactory.pod(
                job,
                "p",
                BuildPlacement.besideTheJob(job, OWNER),
                SETTINGS,
                new BuildPodFactory.Inputs("FROM base\n", "script-cm", recipe, "127.0.0.1:5000/team/build_cache"));
        Map<String, String> env = pod.getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(V1EnvVar::getName, V1EnvVar::getValue));
        assertEquals(recipe, env.get("RECIPE_DIGEST"));
        assertEquals("127.0.0.1:5000/team/build_cache", env.get("CACHE_REPOSITORY"));
        assertTrue(BuildScript.text().contains("#   RECIPE_DIGEST "), "the script's header documents it");
        assertTrue(BuildScript.text().contains("#   CACHE_REPOSITORY "), "the script's header documents it");
    }

    @Test
    void passesProxiesIndexesAndMirrorsAsTheScriptsEnvironment() {
        BuildNetwork network = BuildNetwork.load(key -> Optional.ofNullable(Map.of(
                        BuildNetwork.HTTP_PROXY_KEY, "http://proxy.example.test:3128",
                        BuildNetwork.HTTPS_PROXY_KEY, "http://proxy.example.test:3128",
                        BuildNetwork.NO_PROXY_KEY, "127.0.0.1 .cluster.local",
                        BuildNetwork.PIP_INDEX_URL_KEY, "https://pypi.example.test/simple",
                        BuildNetwork.PIP_TRUSTED_HOST_KEY, "pypi.example.test",
                        BuildNetwork.CONDA_CHANNEL_ALIAS_KEY, "https://conda.example.test",
                        BuildNetwork.APT_MIRROR_KEY, "http://mirror.example.test")
                .get(key)));

        V1Container build = BuildPodFactory.pod(job(""), "p", OWNER, SETTINGS.withNetwork(network), INPUTS)
                .getSpec()
                .getContainers()
                .get(0);

        Map<String, String> env =
                build.getEnv().stream().collect(Collectors.toMap(V1EnvVar::getName, V1EnvVar::getValue));
        assertEquals("http://proxy.example.test:3128", env.get("HTTP_PROXY"));
        assertEquals("http://proxy.example.test:3128", env.get("HTTPS_PROXY"));
        assertEquals("127.0.0.1,.cluster.local", env.get("NO_PROXY"));
        assertEquals("https://pypi.example.test/simple", env.get("BUILD_PIP_INDEX_URL"));
        assertEquals("pypi.example.test", env.get("BUILD_PIP_TRUSTED_HOST"));
        assertEquals("https://conda.example.test", env.get("BUILD_CONDA_CHANNEL_ALIAS"));
        assertEquals("http://mirror.example.test", env.get("BUILD_APT_MIRROR"));
        assertFalse(env.containsKey("BUILD_PIP_EXTRA_INDEX_URL"), "an unset setting is no variable");
        assertFalse(env.containsKey("BUILD_CA_BUNDLE"));
        assertEquals("jupyter/base-notebook", env.get("BASE_IMAGE"), "the script's own variables stay");
        assertTrue(build.getEnv().stream().allMatch(e -> e.getValueFrom() == null), "no env value from a secret");
    }

    @Test
    void mountsTheCaBundlesConfigMapKeyWhereTheScriptIsToldItIs() {
        BuildNetwork network =
                BuildNetwork.none().withCaBundle(Optional.of(new BuildNetwork.CaBundleRef("corporate-ca", "root.pem")));

        V1Pod pod = BuildPodFactory.pod(job(""), "p", OWNER, SETTINGS.withNetwork(network), INPUTS);

        V1Volume volume = pod.getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("ca-bundle"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ca-bundle volume"));
        assertEquals("corporate-ca", volume.getConfigMap().getName());
        assertEquals(
                true,
                volume.getConfigMap().getOptional(),
                "a missing ConfigMap fails the build at once (InitFailed), not at the deadline");
        assertEquals(1, volume.getConfigMap().getItems().size());
        assertEquals("root.pem", volume.getConfigMap().getItems().get(0).getKey());
        assertEquals("ca.crt", volume.getConfigMap().getItems().get(0).getPath());
        V1Container build = pod.getSpec().getContainers().get(0);
        V1VolumeMount mount = build.getVolumeMounts().stream()
                .filter(m -> m.getName().equals("ca-bundle"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ca-bundle mount"));
        assertEquals("/ca-bundle", mount.getMountPath());
        assertEquals(true, mount.getReadOnly());
        Map<String, String> env =
                build.getEnv().stream().collect(Collectors.toMap(V1EnvVar::getName, V1EnvVar::getValue));
        assertEquals("/ca-bundle/ca.crt", env.get("BUILD_CA_BUNDLE"));
    }

    @Test
    void withoutNetworkSettingsThePodIsAsBefore() {
        V1Pod pod = BuildPodFactory.pod(job("pull"), "p", OWNER, SETTINGS, INPUTS);
        List<String> names = pod.getSpec().getContainers().get(0).getEnv().stream()
                .map(V1EnvVar::getName)
                .toList();
        assertEquals(
                List.of(
                        "BASE_IMAGE",
                        "TARGET_IMAGE",
                        "REGISTRY_INSECURE",
                        "BUILD_ISOLATION",
                        "STORAGE_DRIVER",
                        "BUILD_DIR",
                        "PUSH_AUTH_FILE",
                        "PULL_AUTH_FILE"),
                names,
                "no recipe label, no layer cache");
        assertEquals(
                List.of("workspace", "push-secret", "pull-secret", "storage"),
                pod.getSpec().getVolumes().stream().map(V1Volume::getName).toList());
    }

    @Test
    void mountsNoPullSecretForAPublicBase() {
        V1Pod pod = BuildPodFactory.pod(job(""), "p", OWNER, SETTINGS, INPUTS);
        assertFalse(
                pod.getSpec().getVolumes().stream().anyMatch(v -> v.getName().equals("pull-secret")));
    }

    @Test
    void boundsTheBuildWithResourcesEphemeralStorageAndADeadline() {
        V1Pod pod = BuildPodFactory.pod(job(""), "p", OWNER, SETTINGS, INPUTS);
        V1Container build = pod.getSpec().getContainers().get(0);
        assertEquals(
                Quantity.fromString("250m"), build.getResources().getRequests().get("cpu"));
        assertEquals(
                Quantity.fromString("512Mi"), build.getResources().getRequests().get("memory"));
        assertEquals(Quantity.fromString("1"), build.getResources().getLimits().get("cpu"));
        assertEquals(
                Quantity.fromString("2Gi"), build.getResources().getLimits().get("memory"));
        assertEquals(
                Quantity.fromString("10Gi"), build.getResources().getLimits().get("ephemeral-storage"));
        assertEquals(1800L, pod.getSpec().getActiveDeadlineSeconds());
        assertEquals("Never", pod.getSpec().getRestartPolicy());
        assertEquals("FallbackToLogsOnError", build.getTerminationMessagePolicy());
        assertEquals(false, pod.getSpec().getAutomountServiceAccountToken());
    }

    @Test
    void isOwnedByTheJobAndLabelledLikeIt() {
        ImageSpecJob job = job("");
        V1Pod pod = BuildPodFactory.pod(job, "p", OWNER, SETTINGS, INPUTS);
        assertEquals(List.of(OWNER), pod.getMetadata().getOwnerReferences());
        assertEquals("primehub-custom-image", pod.getMetadata().getLabels().get("app"));
        assertEquals("base-curl", pod.getMetadata().getLabels().get("imagespecs.primehub.io/name"));
        assertEquals(job.name(), pod.getMetadata().getLabels().get(BuildPodFactory.JOB_NAME_LABEL));
        assertEquals(job.revision().value(), pod.getMetadata().getAnnotations().get("imagespecs.primehub.io/hash"));
        assertNull(pod.getSpec().getServiceAccountName());
        assertNull(pod.getSpec().getOverhead(), "an empty overhead is refused without a RuntimeClass");
    }

    @Test
    void privilegedIsTheDefaultAsPrimeHubsBuildPodsAre() {
        V1SecurityContext context = BuildPodFactory.pod(job(""), "p", OWNER, SETTINGS, INPUTS)
                .getSpec()
                .getContainers()
                .get(0)
                .getSecurityContext();
        assertEquals(true, context.getPrivileged());
        assertEquals(0L, context.getRunAsUser());
    }

    /** The capabilities mode is what docs/builds.md ("Trust model") says it is. */
    @Test
    void theCapabilitiesModeIsWhatTheTrustModelDocumentSays() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "builds.md"), StandardCharsets.UTF_8);
        String line = doc.lines()
                .filter(l -> l.startsWith("Capabilities added in `capabilities` mode:"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("docs/builds.md lists no capabilities"));
        List<String> documented = Pattern.compile("`([A-Z_]+)`")
                .matcher(line)
                .results()
                .map(m -> m.group(1))
                .toList();

        V1SecurityContext context = BuildPodFactory.pod(
                        job(""), "p", OWNER, SETTINGS.withSecurity(BuildSecurity.CAPABILITIES), INPUTS)
                .getSpec()
                .getContainers()
                .get(0)
                .getSecurityContext();
        assertAll(
                "the build container's security context",
                () -> assertEquals(false, context.getPrivileged()),
                () -> assertEquals(false, context.getAllowPrivilegeEscalation()),
                () -> assertEquals(0L, context.getRunAsUser()),
                () -> assertEquals(List.of("ALL"), context.getCapabilities().getDrop()),
                () -> assertEquals(documented, context.getCapabilities().getAdd()),
                () -> assertEquals("Unconfined", context.getSeccompProfile().getType()),
                () -> assertEquals("Unconfined", context.getAppArmorProfile().getType()));
        assertTrue(doc.contains("allowPrivilegeEscalation: false") && doc.contains("`Unconfined`"), "docs/builds.md");
    }
}
