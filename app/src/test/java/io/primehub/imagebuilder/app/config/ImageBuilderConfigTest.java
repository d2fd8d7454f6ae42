package io.primehub.imagebuilder.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.ImageNaming;
import io.primehub.imagebuilder.k8s.BuildNetwork;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.k8s.BuildSecurity;
import io.primehub.imagebuilder.registry.RegistrySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderConfigTest {

    @TempDir
    Path dir;

    private ImageBuilderConfig load(Map<String, String> env) {
        return ImageBuilderConfig.load(env, null, null, dir);
    }

    @Test
    void usesTheDefaultsWhenNothingIsSet() {
        ImageBuilderConfig config = load(Map.of());

        assertFalse(config.registry().featureEnabled());
        // The defaults documented in docs/controller.md.
        assertEquals(
                new BuildPodSettings(
                        "primehub-image-builder/buildah:0.1.0",
                        "500m",
                        "1Gi",
                        "2",
                        "4Gi",
                        "20Gi",
                        Duration.ofHours(1),
                        false),
                config.buildPods());
        assertEquals("", config.controller().namespace());
        assertEquals(2, config.controller().workers());
        assertTrue(config.controller().skipExisting(), "builds of images already built are skipped");
        assertTrue(config.leaderElection().enabled());
        assertEquals("primehub-image-builder", config.leaderElection().leaseName());
        assertEquals("default", config.leaderElection().leaseNamespace());
        assertEquals(Duration.ofSeconds(15), config.leaderElection().leaseDuration());
        assertEquals(new HealthSettings("0.0.0.0", 8081), config.health());
        assertFalse(config.installCrds());
        assertEquals(Optional.empty(), config.dockerfileTemplate());
        assertFalse(config.pipBreakSystemPackages(), "pip keeps off an externally managed Python unless told");
    }

    @Test
    void readsEveryKeyFromTheEnvironment() throws IOException {
        Path template = Files.writeString(dir.resolve("Dockerfile.mustache"), "FROM {{baseImage}}\n");
        Map<String, String> env = everySetting();
        env.put(ConfigKeys.DOCKERFILE_TEMPLATE, "Dockerfile.mustache");

        ImageBuilderConfig config = load(env);

        assertEverySetting(config);
        assertEquals(Optional.of(template), config.dockerfileTemplate());
    }

    @Test
    void readsEveryKeyFromYamlInCamelCaseWithoutThePrefix() throws IOException {
        StringBuilder yaml = new StringBuilder();
        everySetting()
                .forEach((key, value) -> yaml.append(ConfigKeys.yamlName(key))
                        .append(": \"")
                        .append(value)
                        .append("\"\n"));
        Path file = Files.writeString(dir.resolve("config.yaml"), yaml);

        ImageBuilderConfig config = ImageBuilderConfig.load(Map.of(), null, file, dir);

        assertEverySetting(config);
    }

    @Test
    void takesYamlScalarsOfAnyType() throws IOException {
        Path file = Files.writeString(
                dir.resolve("config.yaml"),
                "customImageHealthPort: 9090\ncustomImageInstallCrds: true\ncustomImageControllerWorkers: 3\n");

        ImageBuilderConfig config = ImageBuilderConfig.load(Map.of(), null, file, dir);

        assertEquals(9090, config.health().port());
        assertTrue(config.installCrds());
        assertEquals(3, config.controller().workers());
    }

    @Test
    void keepsYamlScalarsExactlyAsWritten() throws IOException {
        Map<String, String> registry = registry();
        registry.remove("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD");
        registry.remove("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME");
        Path file = Files.writeString(dir.resolve("config.yaml"), """
                customImageRegistryPassword: 0123
                customImageRegistryUsername: 0x1F
                customImageWatchNamespace: 1e5
                customImageLeaderElectionLeaseName: 0o17
                customImagePushSecretName: yes
                customImageBuildMemoryLimit: 1e10
                """);

        ImageBuilderConfig config = ImageBuilderConfig.load(registry, null, file, dir);

        assertEquals("0123", config.registry().password().reveal(), "not the octal number 83");
        assertEquals("0x1F", config.registry().username(), "not 31");
        assertEquals("1e5", config.controller().namespace(), "not 100000.0");
        assertEquals("0o17", config.leaderElection().leaseName());
        assertEquals("yes", config.registry().pushSecretName(), "not true");
        assertEquals("1e10", config.buildPods().memoryLimit());
    }

    @Test
    void refusesYamlAnchorsAndSecondDocumentsInTheConfigurationFile() throws IOException {
        Path anchored = Files.writeString(
                dir.resolve("anchored.yaml"), "customImageWatchNamespace: &ns hub\ncustomImageLeaseNamespace: *ns\n");
        ConfigException e =
                assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(Map.of(), null, anchored, dir));
        assertTrue(
                e.problems()
                        .get(0)
                        .contains("customImageWatchNamespace: a YAML anchor (&) or alias (*) is not accepted"),
                e.getMessage());

        Path twoDocuments = Files.writeString(
                dir.resolve("two.yaml"), "customImageWatchNamespace: hub\n---\ncustomImageWatchNamespace: other\n");
        e = assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(Map.of(), null, twoDocuments, dir));
        assertTrue(e.problems().get(0).contains("holds more than one YAML document"), e.getMessage());
    }

    @Test
    void namesYamlKeysAfterTheEnvironmentKeys() {
        assertEquals("featureCustomImage", ConfigKeys.yamlName("PRIMEHUB_FEATURE_CUSTOM_IMAGE"));
        assertEquals("customImageRegistryPassword", ConfigKeys.yamlName("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD"));
        assertEquals(
                "customImageBuildEphemeralStorageLimit", ConfigKeys.yamlName(ConfigKeys.BUILD_EPHEMERAL_STORAGE_LIMIT));
    }

    @Test
    void environmentWinsOverDotEnvWhichWinsOverYamlWhichWinsOverDefaults() throws IOException {
        Path yaml = Files.writeString(dir.resolve("config.yaml"), """
                customImageControllerWorkers: 3
                customImageBuildDeadline: 40m
                customImageHealthPort: 9001
                customImageWatchNamespace: from-yaml
                """);
        Path dotEnv = Files.writeString(dir.resolve(".env"), """
                PRIMEHUB_CUSTOM_IMAGE_BUILD_DEADLINE=50m
                PRIMEHUB_CUSTOM_IMAGE_HEALTH_PORT=9002
                PRIMEHUB_CUSTOM_IMAGE_WATCH_NAMESPACE=from-dotenv
                """);
        Map<String, String> env = Map.of(ConfigKeys.WATCH_NAMESPACE, "from-env");

        ImageBuilderConfig config = ImageBuilderConfig.load(env, dotEnv, yaml, dir);

        assertEquals("from-env", config.controller().namespace());
        assertEquals(9002, config.health().port());
        assertEquals(Duration.ofMinutes(50), config.buildPods().deadline());
        assertEquals(3, config.controller().workers());
        assertEquals(
                LeaderElectionSettings.DEFAULT_RENEW_DEADLINE,
                config.leaderElection().renewDeadline());
    }

    @Test
    void resolvesRelativeFilesAgainstTheWorkingDirectory() throws IOException {
        Files.writeString(dir.resolve("settings.yaml"), "customImageControllerWorkers: 5\n");
        Files.writeString(dir.resolve("my.env"), "PRIMEHUB_CUSTOM_IMAGE_WATCH_NAMESPACE=team-a\n");

        ImageBuilderConfig config = ImageBuilderConfig.load(Map.of(), Path.of("my.env"), Path.of("settings.yaml"), dir);

        assertEquals(5, config.controller().workers());
        assertEquals("team-a", config.controller().namespace());
    }

    @Test
    void treatsAMissingDotEnvFileAsEmpty() {
        ImageBuilderConfig config = ImageBuilderConfig.load(Map.of(), dir.resolve("absent.env"), null, dir);

        assertEquals(2, config.controller().workers());
    }

    @Test
    void treatsEmptyValuesAsUnset() {
        ImageBuilderConfig config = load(Map.of(ConfigKeys.BUILD_DEADLINE, "", ConfigKeys.HEALTH_PORT, " "));

        assertEquals(BuildPodSettings.defaults().deadline(), config.buildPods().deadline());
        assertEquals(8081, config.health().port());
    }

    @Test
    void acceptsIso8601AndShortDurations() {
        assertEquals(Duration.ofMinutes(30), SettingValues.parseDuration("30m"));
        assertEquals(Duration.ofMinutes(90), SettingValues.parseDuration("1h30m"));
        assertEquals(Duration.ofSeconds(90), SettingValues.parseDuration("90s"));
        assertEquals(Duration.ofMinutes(30), SettingValues.parseDuration("PT30M"));
        assertEquals(Duration.ofHours(2), SettingValues.parseDuration("PT2H"));
    }

    @Test
    void reportsEveryBadValueNamingItsKey() {
        Map<String, String> env = new HashMap<>();
        env.put(ConfigKeys.BUILD_DEADLINE, "soon");
        env.put(ConfigKeys.BUILD_CPU_REQUEST, "lots");
        env.put(ConfigKeys.BUILD_MEMORY_LIMIT, "4 GB");
        env.put(ConfigKeys.WORKERS, "0");
        env.put(ConfigKeys.INSTALL_CRDS, "yes please");
        env.put(ConfigKeys.HEALTH_PORT, "70000");
        env.put(ConfigKeys.WATCH_NAMESPACE, "Team_A");
        env.put(ConfigKeys.LEASE_NAME, "Not A Name");
        env.put(ConfigKeys.BUILDER_IMAGE, "buildah image:latest");
        env.put(ConfigKeys.LEADER_ELECTION, "maybe");

        ConfigException e = assertThrows(ConfigException.class, () -> load(env));

        assertEquals(env.size(), e.problems().size(), e.getMessage());
        for (String key : env.keySet()) {
            assertTrue(
                    e.problems().stream().anyMatch(problem -> problem.startsWith(key + ":")),
                    () -> "no problem names " + key + " in " + e.problems());
        }
        assertTrue(e.getMessage().startsWith("Invalid configuration (10 problems)"), e.getMessage());
    }

    @Test
    void rejectsADeadlineOfZero() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(ConfigKeys.BUILD_DEADLINE, "0m")));

        assertEquals(
                ConfigKeys.BUILD_DEADLINE + ": \"0m\" must be longer than zero",
                e.problems().get(0));
    }

    @Test
    void rejectsARequestAboveItsLimit() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> load(Map.of(ConfigKeys.BUILD_CPU_REQUEST, "3", ConfigKeys.BUILD_CPU_LIMIT, "2500m")));

        assertEquals(1, e.problems().size());
        assertTrue(
                e.problems()
                        .get(0)
                        .startsWith(
                                ConfigKeys.BUILD_CPU_REQUEST + ": \"3\" is more than " + ConfigKeys.BUILD_CPU_LIMIT),
                e.getMessage());
    }

    @Test
    void rejectsLeaderElectionTimingsOutOfOrder() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> load(Map.of(ConfigKeys.LEASE_DURATION, "10s", ConfigKeys.RENEW_DEADLINE, "10s")));

        assertTrue(e.problems().get(0).startsWith(ConfigKeys.LEASE_DURATION), e.getMessage());
    }

    @Test
    void rejectsATemplateFileThatDoesNotExist() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> load(Map.of(ConfigKeys.DOCKERFILE_TEMPLATE, "missing.mustache")));

        assertTrue(
                e.problems().get(0).startsWith(ConfigKeys.DOCKERFILE_TEMPLATE + ": \"missing.mustache\""),
                e.getMessage());
    }

    @Test
    void skipExistingCanBeTurnedOffAndOnlyByABoolean() {
        assertFalse(load(Map.of(ConfigKeys.SKIP_EXISTING, "false")).controller().skipExisting());
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(ConfigKeys.SKIP_EXISTING, "no")));
        assertTrue(e.problems().get(0).startsWith(ConfigKeys.SKIP_EXISTING), e.getMessage());
    }

    @Test
    void includesTheRegistryProblemsWithTheirKeys() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> load(Map.of("PRIMEHUB_FEATURE_CUSTOM_IMAGE", "true", ConfigKeys.WORKERS, "many")));

        assertTrue(
                e.problems().stream().anyMatch(p -> p.startsWith("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX")), e.getMessage());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(ConfigKeys.WORKERS)), e.getMessage());
    }

    @Test
    void passesTheRegistrysInsecureFlagToTheBuildPods() {
        Map<String, String> env = registry();
        env.put("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_INSECURE", "true");

        assertTrue(load(env).buildPods().registryInsecure());
    }

    @Test
    void identifiesTheReplicaByHostNameAndAPerProcessSuffix() {
        ImageBuilderConfig config = load(Map.of(ConfigKeys.HOSTNAME, "image-builder-7d9f-abcde"));
        String identity = config.leaderElection().identity();

        assertTrue(identity.matches("image-builder-7d9f-abcde_[0-9a-f]{8}"), identity);
        assertEquals(identity, config.controller().replicaIdentity(), "its events name it as its Lease does");
        assertEquals(
                "replica-1",
                load(Map.of(ConfigKeys.HOSTNAME, "host", ConfigKeys.LEADER_IDENTITY, "replica-1"))
                        .leaderElection()
                        .identity());
    }

    @Test
    void rejectsAnUnknownYamlKey() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), "customImageBuildDeadlin: 30m\n");

        ConfigException e =
                assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(Map.of(), null, file, dir));

        assertTrue(e.problems().get(0).contains("unknown key \"customImageBuildDeadlin\""), e.getMessage());
    }

    @Test
    void pointsAnEnvironmentStyleYamlKeyToItsYamlName() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), ConfigKeys.WORKERS + ": 3\n");

        ConfigException e =
                assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(Map.of(), null, file, dir));

        assertTrue(e.problems().get(0).endsWith("write it as customImageControllerWorkers"), e.getMessage());
    }

    @Test
    void rejectsANestedYamlValue() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), "customImageWatchNamespace:\n  - a\n  - b\n");

        ConfigException e =
                assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(Map.of(), null, file, dir));

        assertTrue(
                e.problems()
                        .get(0)
                        .contains("customImageWatchNamespace (" + ConfigKeys.WATCH_NAMESPACE
                                + ") must be a single value, not a list"),
                e.getMessage());
    }

    @Test
    void rejectsAYamlFileThatIsNotAMapping() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), "- just\n- a list\n");

        ConfigException e =
                assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(Map.of(), null, file, dir));

        assertTrue(
                e.problems().get(0).endsWith("must be a mapping of settings (key: value), not a list"), e.getMessage());
    }

    @Test
    void rejectsAMissingYamlFile() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> ImageBuilderConfig.load(Map.of(), null, Path.of("nope.yaml"), dir));

        assertTrue(e.problems().get(0).contains("nope.yaml"), e.getMessage());
    }

    @Test
    void rejectsADuplicatedYamlKey() throws IOException {
        Path file = Files.writeString(
                dir.resolve("config.yaml"), "customImageControllerWorkers: 3\ncustomImageControllerWorkers: 4\n");

        ConfigException e =
                assertThrows(ConfigException.class, () -> ImageBuilderConfig.load(Map.of(), null, file, dir));

        assertTrue(
                e.problems().get(0).contains("customImageControllerWorkers: is given twice (lines 1 and 2)"),
                e.getMessage());
    }

    private static Map<String, String> registry() {
        Map<String, String> env = new HashMap<>();
        env.put("PRIMEHUB_FEATURE_CUSTOM_IMAGE", "true");
        env.put("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT", "https://registry.example.test");
        env.put("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME", "builder");
        env.put("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD", "s3cr3t-Pa55word");
        env.put("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX", "registry.example.test/team");
        return env;
    }

    private static Map<String, String> everySetting() {
        Map<String, String> env = registry();
        env.put("PRIMEHUB_CUSTOM_IMAGE_PUSH_SECRET_NAME", "my-push-secret");
        env.put("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_INSECURE", "true");
        env.put(ConfigKeys.BUILDER_IMAGE, "my-builders/buildah:1.2");
        env.put(ConfigKeys.BUILD_CPU_REQUEST, "250m");
        env.put(ConfigKeys.BUILD_CPU_LIMIT, "3");
        env.put(ConfigKeys.BUILD_MEMORY_REQUEST, "512Mi");
        env.put(ConfigKeys.BUILD_MEMORY_LIMIT, "6Gi");
        env.put(ConfigKeys.BUILD_EPHEMERAL_STORAGE_LIMIT, "30Gi");
        env.put(ConfigKeys.BUILD_DEADLINE, "45m");
        env.put(ConfigKeys.BUILD_SECURITY, "capabilities");
        env.put(RegistrySettings.IMAGE_NAME_KEY, "namespace-name");
        env.put(ConfigKeys.WATCH_NAMESPACE, "hub");
        env.put(ConfigKeys.WORKERS, "4");
        env.put(ConfigKeys.BUILD_NAMESPACE, "hub-builds");
        env.put(ConfigKeys.POD_TTL, "90m");
        env.put(ConfigKeys.INSTALL_CRDS, "true");
        env.put(ConfigKeys.LEADER_ELECTION, "false");
        env.put(ConfigKeys.LEASE_NAME, "my-lease");
        env.put(ConfigKeys.LEASE_NAMESPACE, "hub-system");
        env.put(ConfigKeys.LEADER_IDENTITY, "replica-a");
        env.put(ConfigKeys.LEASE_DURATION, "PT20S");
        env.put(ConfigKeys.RENEW_DEADLINE, "12s");
        env.put(ConfigKeys.RETRY_PERIOD, "3s");
        env.put(ConfigKeys.HEALTH_PORT, "9090");
        env.put(ConfigKeys.HEALTH_ADDRESS, "127.0.0.1");
        env.put(ConfigKeys.PIP_BREAK_SYSTEM_PACKAGES, "true");
        env.put(BuildNetwork.HTTP_PROXY_KEY, "http://proxy.example.test:3128");
        env.put(BuildNetwork.HTTPS_PROXY_KEY, "http://proxy.example.test:3129");
        env.put(BuildNetwork.NO_PROXY_KEY, "127.0.0.1,.cluster.local");
        env.put(BuildNetwork.PIP_INDEX_URL_KEY, "https://pypi.example.test/simple");
        env.put(BuildNetwork.PIP_EXTRA_INDEX_URL_KEY, "https://extra.example.test/simple");
        env.put(BuildNetwork.PIP_TRUSTED_HOST_KEY, "pypi.example.test");
        env.put(BuildNetwork.CONDA_CHANNEL_ALIAS_KEY, "https://conda.example.test");
        env.put(BuildNetwork.CONDA_DEFAULT_CHANNELS_KEY, "https://conda.example.test/pkgs/main");
        env.put(BuildNetwork.APT_MIRROR_KEY, "http://mirror.example.test/apt");
        env.put(BuildNetwork.CA_BUNDLE_KEY, "corporate-ca/root.pem");
        return env;
    }

    private static final BuildNetwork EVERY_NETWORK_SETTING = new BuildNetwork(
            "http://proxy.example.test:3128",
            "http://proxy.example.test:3129",
            List.of("127.0.0.1", ".cluster.local"),
            "https://pypi.example.test/simple",
            List.of("https://extra.example.test/simple"),
            List.of("pypi.example.test"),
            "https://conda.example.test",
            List.of("https://conda.example.test/pkgs/main"),
            "http://mirror.example.test/apt",
            Optional.of(new BuildNetwork.CaBundleRef("corporate-ca", "root.pem")));

    private static void assertEverySetting(ImageBuilderConfig config) {
        assertTrue(config.registry().isConfigured());
        assertEquals("builder", config.registry().username());
        assertEquals("s3cr3t-Pa55word", config.registry().password().reveal());
        assertEquals("registry.example.test/team", config.registry().repoPrefix());
        assertEquals("my-push-secret", config.registry().pushSecretName());
        assertEquals(
                new BuildPodSettings(
                        "my-builders/buildah:1.2",
                        "250m",
                        "512Mi",
                        "3",
                        "6Gi",
                        "30Gi",
                        Duration.ofMinutes(45),
                        true,
                        BuildSecurity.CAPABILITIES,
                        EVERY_NETWORK_SETTING),
                config.buildPods());
        assertEquals(ImageNaming.NAMESPACE_NAME, config.registry().naming());
        assertEquals("hub", config.controller().namespace());
        assertEquals(4, config.controller().workers());
        assertEquals("hub-builds", config.controller().buildNamespace());
        assertEquals(Duration.ofMinutes(90), config.controller().podTtl());
        assertTrue(config.installCrds());
        assertEquals(
                new LeaderElectionSettings(
                        false,
                        "my-lease",
                        "hub-system",
                        "replica-a",
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(12),
                        Duration.ofSeconds(3)),
                config.leaderElection());
        assertEquals(new HealthSettings("127.0.0.1", 9090), config.health());
        assertTrue(config.pipBreakSystemPackages());
    }

    @Test
    void pipBreakSystemPackagesIsTrueOrFalseAndSurvivesADryRunAndInstallingCrds() {
        assertTrue(load(Map.of(ConfigKeys.PIP_BREAK_SYSTEM_PACKAGES, "TRUE"))
                .forDryRun()
                .withInstallCrds(true)
                .pipBreakSystemPackages());
        assertFalse(load(Map.of(ConfigKeys.PIP_BREAK_SYSTEM_PACKAGES, "false")).pipBreakSystemPackages());
        ConfigException e =
                assertThrows(ConfigException.class, () -> load(Map.of(ConfigKeys.PIP_BREAK_SYSTEM_PACKAGES, "1")));
        assertEquals(List.of(ConfigKeys.PIP_BREAK_SYSTEM_PACKAGES + ": \"1\" is neither true nor false"), e.problems());
    }

    @Test
    void namesTheBuildNetworkKeysInYamlAsEveryOther() {
        assertEquals("customImageBuildHttpProxy", ConfigKeys.yamlName(BuildNetwork.HTTP_PROXY_KEY));
        assertEquals("customImageBuildPipIndexUrl", ConfigKeys.yamlName(BuildNetwork.PIP_INDEX_URL_KEY));
        assertEquals(
                "customImageBuildCondaDefaultChannels", ConfigKeys.yamlName(BuildNetwork.CONDA_DEFAULT_CHANNELS_KEY));
        assertEquals("customImageBuildCaBundle", ConfigKeys.yamlName(BuildNetwork.CA_BUNDLE_KEY));
        assertTrue(ConfigKeys.ALL.containsAll(BuildNetwork.KEYS));
    }

    @Test
    void buildsReachTheNetworkDirectlyUnlessTold() {
        assertEquals(BuildNetwork.none(), load(Map.of()).buildPods().network());
    }

    @Test
    void reportsEveryMalformedProxyAndMirrorSettingNamingItsKey() {
        Map<String, String> env = new HashMap<>();
        env.put(BuildNetwork.HTTP_PROXY_KEY, "proxy.example.test:3128");
        env.put(BuildNetwork.NO_PROXY_KEY, "127.0.0.1,not a host!");
        env.put(BuildNetwork.PIP_INDEX_URL_KEY, "https://pypi.example.test/simple?x=1");
        env.put(BuildNetwork.APT_MIRROR_KEY, "ftp://mirror.example.test/debian");
        env.put(BuildNetwork.CA_BUNDLE_KEY, "Corporate CA");
        env.put(ConfigKeys.WORKERS, "many");

        ConfigException e = assertThrows(ConfigException.class, () -> load(env));

        assertEquals(env.size(), e.problems().size(), e.getMessage());
        for (String key : env.keySet()) {
            assertTrue(
                    e.problems().stream().anyMatch(problem -> problem.startsWith(key + ":")),
                    () -> "no problem names " + key + " in " + e.problems());
        }
    }

    @Test
    void aBuildNamespaceMustBeANamespaceName() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> load(Map.of(ConfigKeys.BUILD_NAMESPACE, "Builds!")));
        assertTrue(
                e.problems().get(0).startsWith(ConfigKeys.BUILD_NAMESPACE + ": \"Builds!\" is not a namespace name"),
                e.getMessage());
    }

    @Test
    void finishedBuildPodsStayAnHourUnlessToldAndNeverNoTime() {
        assertEquals(Duration.ofHours(1), load(Map.of()).controller().podTtl());
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(ConfigKeys.POD_TTL, "0s")));
        assertTrue(e.problems().get(0).startsWith(ConfigKeys.POD_TTL), e.getMessage());
    }
}
