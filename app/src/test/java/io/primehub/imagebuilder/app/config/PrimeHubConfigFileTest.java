package io.primehub.imagebuilder.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.registry.RegistrySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PrimeHub's controller config.yaml, as its Helm chart renders it, read as this controller's settings. */
class PrimeHubConfigFileTest {

    /** The chart's rendering with its default customImage values and a push-repo prefix; no registry credential. */
    private static final String CHART_CONFIG = """
            primehubUrl: https://hub.example.test
            phfsEnabled: false
            ingress:
              annotations: {}
              hosts:
              - hub.example.test
            customImage:
              insecureSkipVerify: false
              pushRepoPrefix: 127.0.0.1:5000/team
              pushSecretName: primehub-controller-custom-image-push-secret
              buildJob:
                image:
                  repository: registry.example.test/buildah/stable
                  tag: v1.28.0
                resources:
                  limits:
                    cpu: 2000m
                    memory: 1500Mi
                  requests:
                    cpu: 500m
                    memory: 100Mi
            jobSubmission:
              grantSudo: true
              workingDirSize: 5Gi
            """;

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("config.yaml"), text);
    }

    private ImageBuilderConfig load(Map<String, String> env, Path primeHubConfig) {
        return ImageBuilderConfig.load(env, null, null, primeHubConfig, dir);
    }

    private List<String> problems(Map<String, String> env, Path primeHubConfig) {
        return assertThrows(ConfigException.class, () -> load(env, primeHubConfig))
                .problems();
    }

    @Test
    void readsTheChartsCustomImageSectionAsItIs() throws IOException {
        ImageBuilderConfig config = load(Map.of(), write(CHART_CONFIG));

        RegistrySettings registry = config.registry();
        assertTrue(registry.isConfigured(), "pushRepoPrefix turns custom images on");
        assertFalse(registry.managesPushSecret(), "without registry values the chart's push secret is used as it is");
        assertEquals(
                Optional.of(new RegistryTarget("127.0.0.1:5000/team", "primehub-controller-custom-image-push-secret")),
                registry.target());
        assertFalse(registry.insecure());
        assertEquals(
                "registry.example.test/buildah/stable:v1.28.0",
                config.buildPods().builderImage());
        assertEquals("500m", config.buildPods().cpuRequest());
        assertEquals("2000m", config.buildPods().cpuLimit());
        assertEquals("100Mi", config.buildPods().memoryRequest());
        assertEquals("1500Mi", config.buildPods().memoryLimit());
    }

    @Test
    void pushRepoAndTheRegistryValuesGiveOneRepositoryAndAManagedSecret() throws IOException {
        Path file = write("""
                customImage:
                  registryEndpoint: https://gcr.example.test
                  registryUsername: _json_key
                  registryPassword: '{"type": "service_account", "private_key": "k"}'
                  pushRepo: gcr.example.test/project/custom-image
                  pushRepoPrefix: gcr.example.test/project
                  pushSecretName: primehub-controller-custom-image-push-secret
                  buildJob:
                    ephemeralStorage: 30Gi
                """);
        ImageBuilderConfig config = load(Map.of(), file);

        assertTrue(config.registry().managesPushSecret());
        assertEquals(
                Optional.of(RegistryTarget.pushRepository(
                        "gcr.example.test/project/custom-image", "primehub-controller-custom-image-push-secret")),
                config.registry().target());
        assertEquals("30Gi", config.buildPods().ephemeralStorageLimit());
    }

    @Test
    void theEnvironmentAndTheProjectsOwnYamlWinOverPrimeHubs() throws IOException {
        Path own = Files.writeString(dir.resolve("own.yaml"), "customImageBuildCpuLimit: 3\n");
        write(CHART_CONFIG);
        ImageBuilderConfig config = ImageBuilderConfig.load(
                Map.of(ConfigKeys.BUILDER_IMAGE, "builder:mine", ConfigKeys.PRIMEHUB_CONFIG, "config.yaml"),
                null,
                own,
                null,
                dir);
        assertEquals("builder:mine", config.buildPods().builderImage());
        assertEquals("3", config.buildPods().cpuLimit());
        assertEquals("500m", config.buildPods().cpuRequest(), "what no other source sets comes from PrimeHub's file");
    }

    @Test
    void aWrongValueIsReportedByItsPrimeHubKeyAndNoSecretIsRepeated() throws IOException {
        String password = "never-in-a-message-0xC0FFEE";
        Path file = write("""
                customImage:
                  registryEndpoint: http://127.0.0.1:5000
                  registryUsername: "ad:min"
                  registryPassword: %s
                  insecureSkipVerify: false
                  pushRepoPrefix: Bad Prefix
                  buildJob:
                    image:
                      tag: v1.28.0
                    resources:
                      limits:
                        cpu: lots
                """.formatted(password));
        List<String> problems = problems(Map.of(), file);

        String all = String.join("\n", problems);
        assertTrue(all.contains("customImage.registryUsername (in " + file + ")"), all);
        assertTrue(
                all.contains("customImage.pushRepoPrefix (in " + file + "), read as " + RegistrySettings.REPO_PREFIX_KEY
                        + ": \"Bad Prefix\""),
                all);
        assertTrue(all.contains("customImage.insecureSkipVerify (in " + file + ")"), all);
        assertTrue(all.contains("customImage.buildJob.resources.limits.cpu (in " + file + ")"), all);
        assertTrue(all.contains("customImage.buildJob.image.tag (in " + file + ") is set, but"), all);
        assertFalse(all.contains(password), all);
    }

    @Test
    void keepsValuesExactlyAsWritten() throws IOException {
        Path file = write("""
                customImage:
                  registryEndpoint: http://127.0.0.1:5000
                  registryUsername: 0x1F
                  registryPassword: 0123
                  pushRepoPrefix: 127.0.0.1:5000/team
                  pushSecretName: on
                  buildJob:
                    image:
                      repository: registry.example.test/buildah/stable
                      tag: 1e5
                    resources:
                      limits:
                        memory: 1e10
                """);
        ImageBuilderConfig config = load(Map.of(), file);

        assertEquals("0123", config.registry().password().reveal(), "not the octal number 83");
        assertEquals("0x1F", config.registry().username(), "not 31");
        assertEquals("on", config.registry().pushSecretName(), "not true");
        assertEquals(
                "registry.example.test/buildah/stable:1e5", config.buildPods().builderImage(), "not 100000.0");
        assertEquals("1e10", config.buildPods().memoryLimit());
    }

    @Test
    void aKeyGivenTwiceIsAProblemNotTheLastOneRead() throws IOException {
        Path file =
                write("customImage:\n  pushRepoPrefix: 127.0.0.1:5000/team\n  pushRepoPrefix: 127.0.0.1:5000/other\n");
        assertEquals(
                List.of(file + ": customImage.pushRepoPrefix: is given twice (lines 2 and 3); a key may appear once"),
                problems(Map.of(), file));
    }

    @Test
    void aFileGivenOnPurposeMustExistAndParse() throws IOException {
        Path missing = dir.resolve("absent.yaml");
        assertEquals(
                List.of(missing + ": PrimeHub's controller configuration does not exist or is not a regular file"),
                problems(Map.of(), missing));
        Path broken = write("customImage:\n  pushRepo: [unclosed\n");
        String problem = problems(Map.of(), broken).get(0);
        assertTrue(problem.startsWith(broken + ":") && problem.endsWith("is not valid YAML"), problem);
        Path listed = write("customImage:\n  pushRepoPrefix:\n  - a\n");
        assertEquals(
                List.of("customImage.pushRepoPrefix (in " + listed + ") must be a single value, not a list"),
                problems(Map.of(), listed));
    }

    @Test
    void withoutACustomImageSectionNothingIsConfigured() throws IOException {
        ImageBuilderConfig config = load(Map.of(), write("primehubUrl: https://hub.example.test\n"));
        assertFalse(config.registry().isConfigured());
        assertFalse(
                load(Map.of(), write("customImage:\n  enabled: false\n  pushRepoPrefix: r/team\n"))
                        .registry()
                        .featureEnabled(),
                "enabled: false is honoured");
    }
}
