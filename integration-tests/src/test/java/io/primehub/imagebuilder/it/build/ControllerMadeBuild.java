package io.primehub.imagebuilder.it.build;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.planning.JobPlanner;
import io.primehub.imagebuilder.domain.reconcile.BuildPodNames;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import io.primehub.imagebuilder.k8s.BuildNetwork;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.k8s.BuildSecurity;
import io.primehub.imagebuilder.k8s.build.BuildPodFactory;
import io.primehub.imagebuilder.k8s.build.BuildScript;
import io.primehub.imagebuilder.k8s.build.BuildScriptConfigMap;
import io.primehub.imagebuilder.k8s.build.PushSecretFactory;
import io.primehub.imagebuilder.registry.RegistrySettings;
import io.primehub.imagebuilder.registry.SettingsRegistryCredentials;
import io.primehub.imagebuilder.renderer.MustacheDockerfileRenderer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the controller makes for one spec, made by the controller's own parts, without a cluster: the job
 * ({@link JobPlanner}), the Dockerfile (the built-in Mustache template from the validated recipe, as the job
 * reconciler renders it), the shared ConfigMap with the build script, the push Secret from the registry settings, and
 * the build pod, which carries the Dockerfile.
 *
 * @param job          the planned job: {@link ImageSpecJob#pushedImage()} is what the build must push
 * @param dockerfile   the rendered Dockerfile, also in the pod's annotation
 * @param configMap    the build script's ConfigMap
 * @param pod          the build pod
 * @param secrets      every Secret the pod mounts, by name: the push secret, and the spec's pull secret if it has one
 */
record ControllerMadeBuild(
        ImageSpecJob job, String dockerfile, V1ConfigMap configMap, V1Pod pod, Map<String, V1Secret> secrets) {

    private static final MustacheDockerfileRenderer RENDERER = new MustacheDockerfileRenderer();

    /**
     * @param spec             the spec; its {@code pullSecret}, when set, names {@code pullDockerConfig}
     * @param settings         the registry settings the controller runs with
     * @param pullDockerConfig the content of the spec's pull secret (a docker config JSON), if it has one
     */
    static ControllerMadeBuild of(ImageSpec spec, RegistrySettings settings, Optional<byte[]> pullDockerConfig) {
        return of(spec, settings, pullDockerConfig, BuildSecurity.PRIVILEGED);
    }

    /** As {@link #of(ImageSpec, RegistrySettings, Optional)}, with build pods in {@code security} mode. */
    static ControllerMadeBuild of(
            ImageSpec spec, RegistrySettings settings, Optional<byte[]> pullDockerConfig, BuildSecurity security) {
        return of(spec, settings, pullDockerConfig, security, BuildNetwork.none());
    }

    /** As {@link #of(ImageSpec, RegistrySettings, Optional, BuildSecurity)}, reaching the network through {@code network}. */
    static ControllerMadeBuild of(
            ImageSpec spec,
            RegistrySettings settings,
            Optional<byte[]> pullDockerConfig,
            BuildSecurity security,
            BuildNetwork network) {
        SettingsRegistryCredentials credentials = new SettingsRegistryCredentials(settings);
        ImageSpecJob job = JobPlanner.plan(
                spec,
                credentials
                        .target()
                        .orElseThrow(() -> new IllegalArgumentException("the registry settings are not usable: "
                                + credentials.notConfiguredReason().orElse(""))));
        String dockerfile = RENDERER.render(ImageSpecValidator.validate(job.baseImage(), job.packages()));
        V1OwnerReference owner = new V1OwnerReference()
                .apiVersion("primehub.io/v1alpha1")
                .kind("ImageSpecJob")
                .name(job.name())
                .uid("00000000-0000-0000-0000-000000000000")
                .controller(true);
        V1ConfigMap configMap = BuildScriptConfigMap.configMap(job.namespace(), BuildScript.text());
        BuildPodSettings defaults = BuildPodSettings.defaults();
        BuildPodSettings podSettings = new BuildPodSettings(
                defaults.builderImage(),
                defaults.cpuRequest(),
                defaults.memoryRequest(),
                defaults.cpuLimit(),
                defaults.memoryLimit(),
                defaults.ephemeralStorageLimit(),
                defaults.deadline(),
                settings.insecure(),
                security,
                network);
        V1Pod pod = BuildPodFactory.pod(
                job,
                BuildPodNames.podName(job.name(), job.updateTime()),
                owner,
                podSettings,
                BuildPodFactory.Inputs.of(dockerfile, configMap.getMetadata().getName()));

        Map<String, V1Secret> secrets = new HashMap<>();
        secrets.put(
                job.pushSecret(),
                PushSecretFactory.secret(job.namespace(), job.pushSecret(), credentials.dockerConfigJson()));
        if (job.hasPullSecret()) {
            byte[] content = pullDockerConfig.orElseThrow(() -> new IllegalArgumentException(
                    "the spec names the pull secret " + job.pullSecret() + " but no content was given for it"));
            // Made by an admin in a cluster, in the same shape as the push secret.
            secrets.put(
                    job.pullSecret(),
                    new V1Secret()
                            .metadata(new V1ObjectMeta().name(job.pullSecret()).namespace(job.namespace()))
                            .type(PushSecretFactory.TYPE)
                            .data(Map.of(PushSecretFactory.KEY, content.clone())));
        }
        return new ControllerMadeBuild(job, dockerfile, configMap, pod, Map.copyOf(secrets));
    }
}
