package io.primehub.imagebuilder.registry;

import static io.primehub.imagebuilder.registry.RegistrySettings.ENDPOINT_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.FEATURE_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.IMAGE_NAME_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.INSECURE_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.PASSWORD_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.PUSH_REPO_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.PUSH_SECRET_NAME_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.REPO_PREFIX_KEY;
import static io.primehub.imagebuilder.registry.RegistrySettings.USERNAME_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.ImageNaming;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrySettingsTest {

    static Map<String, String> validLocalRegistry() {
        Map<String, String> env = new HashMap<>();
        env.put(FEATURE_KEY, "true");
        env.put(ENDPOINT_KEY, "http://127.0.0.1:5000");
        env.put(USERNAME_KEY, "builder");
        env.put(PASSWORD_KEY, "s3cr3t-Pa55word");
        env.put(REPO_PREFIX_KEY, "127.0.0.1:5000/team");
        return env;
    }

    private static RegistrySettings load(Map<String, String> env) {
        return RegistrySettings.load(ConfigSource.of(env));
    }

    private static List<String> problems(Map<String, String> env) {
        return assertThrows(RegistrySettingsException.class, () -> load(env)).problems();
    }

    @Test
    void loadsACompleteLocalRegistry() {
        RegistrySettings settings = load(validLocalRegistry());
        assertTrue(settings.featureEnabled());
        assertTrue(settings.isConfigured());
        assertEquals("http://127.0.0.1:5000", settings.endpoint());
        assertEquals("127.0.0.1:5000", settings.registryHost());
        assertEquals("builder", settings.username());
        assertEquals("s3cr3t-Pa55word", settings.password().reveal());
        assertEquals("127.0.0.1:5000/team", settings.repoPrefix());
        assertEquals(RegistrySettings.DEFAULT_PUSH_SECRET_NAME, settings.pushSecretName());
        assertTrue(settings.insecure(), "an http:// endpoint has no TLS to verify");
        assertEquals(
                Optional.of(new RegistryTarget("127.0.0.1:5000/team", "primehub-custom-image-push-secret")),
                settings.target());
    }

    @Test
    void loadsDockerHubWithAPrefixThatNamesNoRegistry() {
        Map<String, String> env = validLocalRegistry();
        env.put(ENDPOINT_KEY, "https://index.docker.io/v1/");
        env.put(REPO_PREFIX_KEY, "myteam");
        RegistrySettings settings = load(env);
        assertEquals("https://index.docker.io/v1/", settings.registryHost());
        assertFalse(settings.insecure());
    }

    @Test
    void loadsGoogleRegistryWithJsonKey() {
        Map<String, String> env = validLocalRegistry();
        env.put(ENDPOINT_KEY, "https://gcr.example");
        env.put(USERNAME_KEY, "_json_key");
        env.put(
                PASSWORD_KEY,
                "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nAB\\n\"}");
        env.put(REPO_PREFIX_KEY, "gcr.example/my-project");
        RegistrySettings settings = load(env);
        assertEquals("gcr.example", settings.registryHost());
        assertEquals("_json_key", settings.username());
        assertEquals(env.get(PASSWORD_KEY), settings.password().reveal());
    }

    @Test
    void featureOffOrUnsetIgnoresTheRegistryKeys() {
        Map<String, String> leftovers = Map.of(ENDPOINT_KEY, "not an endpoint", REPO_PREFIX_KEY, "Foo Bar");
        for (String feature : new String[] {"false", "FALSE", "", null}) {
            Map<String, String> env = new HashMap<>(leftovers);
            if (feature != null) {
                env.put(FEATURE_KEY, feature);
            }
            RegistrySettings settings = load(env);
            assertFalse(settings.featureEnabled());
            assertFalse(settings.isConfigured());
            assertEquals(Optional.empty(), settings.target());
            assertEquals(RegistrySettings.disabled(), settings);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on", " true", "enabled"})
    void featureFlagOtherThanTrueOrFalseIsAnErrorNamingTheKey(String value) {
        Map<String, String> env = validLocalRegistry();
        env.put(FEATURE_KEY, value);
        assertEquals(List.of(FEATURE_KEY + ": \"" + value + "\" is neither true nor false"), problems(env));
    }

    @Test
    void badFeatureFlagStillReportsBadValuesButNotMissingOnes() {
        Map<String, String> env = Map.of(FEATURE_KEY, "yes", REPO_PREFIX_KEY, "Foo Bar");
        List<String> problems = problems(env);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(FEATURE_KEY + ": "));
        assertTrue(problems.get(1).startsWith(REPO_PREFIX_KEY + ": \"Foo Bar\" is not a valid repository name"));
    }

    @Test
    void featureFlagIsCaseInsensitive() {
        Map<String, String> env = validLocalRegistry();
        env.put(FEATURE_KEY, "True");
        assertTrue(load(env).featureEnabled());
    }

    @Test
    void everyMissingRequiredKeyIsNamedAtOnce() {
        List<String> problems = problems(Map.of(FEATURE_KEY, "true", USERNAME_KEY, "builder"));
        String together = "; give " + ENDPOINT_KEY + ", " + USERNAME_KEY + " and " + PASSWORD_KEY
                + " together, or none of them to push with an existing push secret as it is";
        assertEquals(
                List.of(
                        ENDPOINT_KEY + " is required when " + FEATURE_KEY + " is true, but it is not set" + together,
                        PASSWORD_KEY + " is required when " + FEATURE_KEY + " is true, but it is not set" + together,
                        REPO_PREFIX_KEY + " is required when " + FEATURE_KEY + " is true, but it is not set (nor "
                                + PUSH_REPO_KEY + ")"),
                problems);
    }

    @Test
    void emptyValueCountsAsMissing() {
        Map<String, String> env = validLocalRegistry();
        env.put(PASSWORD_KEY, "");
        assertEquals(1, problems(env).size());
        assertTrue(problems(env).get(0).startsWith(PASSWORD_KEY + " is required when " + FEATURE_KEY + " is true"));
    }

    @Test
    void withoutAnyCredentialThePushSecretIsUsedAsItIs() {
        RegistrySettings settings = load(Map.of(
                FEATURE_KEY,
                "true",
                REPO_PREFIX_KEY,
                "127.0.0.1:5000/team",
                PUSH_SECRET_NAME_KEY,
                "primehub-controller-custom-image-push-secret"));
        assertTrue(settings.isConfigured());
        assertFalse(settings.managesPushSecret());
        assertEquals(
                Optional.of(new RegistryTarget("127.0.0.1:5000/team", "primehub-controller-custom-image-push-secret")),
                settings.target());
        SettingsRegistryCredentials credentials = new SettingsRegistryCredentials(settings);
        assertFalse(credentials.managesPushSecret());
        IllegalStateException e = assertThrows(IllegalStateException.class, credentials::dockerConfigJson);
        assertTrue(e.getMessage().contains("used as it is"), e.getMessage());
        assertTrue(new SettingsRegistryCredentials(load(validLocalRegistry())).managesPushSecret());
    }

    @Test
    void aPushRepositoryWinsOverAPrefixAndNamesTheEndpointsRegistry() {
        Map<String, String> env = validLocalRegistry();
        env.put(PUSH_REPO_KEY, "127.0.0.1:5000/team/custom-image");
        RegistrySettings settings = load(env);
        assertEquals("", settings.repoPrefix());
        assertEquals(
                Optional.of(RegistryTarget.pushRepository(
                        "127.0.0.1:5000/team/custom-image", RegistrySettings.DEFAULT_PUSH_SECRET_NAME)),
                settings.target());
        env.remove(REPO_PREFIX_KEY);
        assertEquals(settings.target(), load(env).target());
        env.put(PUSH_REPO_KEY, "gcr.example/p/custom-image");
        assertTrue(
                problems(env).get(0).startsWith(PUSH_REPO_KEY + ": \"gcr.example/p/custom-image\" names the registry"),
                problems(env).get(0));
    }

    @Test
    void theLayerCacheIsUnderThePrefixByDefaultOffInAPushRepositoryAndConfigurableOnThePushRegistry() {
        Map<String, String> env = validLocalRegistry();
        assertEquals(
                Optional.of("127.0.0.1:5000/team/build_cache"),
                load(env).target().flatMap(target -> target.cacheRepository("hub")));
        env.put(RegistrySettings.BUILD_CACHE_KEY, "OFF");
        assertEquals(Optional.empty(), load(env).target().flatMap(target -> target.cacheRepository("hub")));
        env.put(RegistrySettings.BUILD_CACHE_KEY, "127.0.0.1:5000/shared/cache");
        assertEquals(
                Optional.of("127.0.0.1:5000/shared/cache"),
                load(env).target().flatMap(target -> target.cacheRepository("hub")));

        env.remove(RegistrySettings.BUILD_CACHE_KEY);
        env.put(RegistrySettings.IMAGE_NAME_KEY, "namespace-name");
        assertEquals(
                Optional.of("127.0.0.1:5000/team/hub-build_cache"),
                load(env).target().flatMap(target -> target.cacheRepository("hub")),
                "each namespace its own cache, where each pushes only to its own repositories");
        env.remove(RegistrySettings.IMAGE_NAME_KEY);
        env.put(PUSH_REPO_KEY, "127.0.0.1:5000/team/custom-image");
        assertEquals(
                Optional.empty(),
                load(env).target().flatMap(target -> target.cacheRepository("hub")),
                "an account that may write to one repository only");
        env.put(RegistrySettings.BUILD_CACHE_KEY, "127.0.0.1:5000/team/custom-image");
        assertEquals(
                Optional.of("127.0.0.1:5000/team/custom-image"),
                load(env).target().flatMap(target -> target.cacheRepository("hub")),
                "the push repository itself, if asked");
    }

    @Test
    void aLayerCacheOnAnotherRegistryOrWithATagIsRefusedWithTheKeyNamed() {
        Map<String, String> env = validLocalRegistry();
        env.put(RegistrySettings.BUILD_CACHE_KEY, "gcr.example/p/cache");
        List<String> problems = problems(env);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0)
                        .startsWith(RegistrySettings.BUILD_CACHE_KEY + ": build cache \"gcr.example/p/cache\""
                                + " is not on the push registry 127.0.0.1:5000"),
                problems.get(0));
        env.put(RegistrySettings.BUILD_CACHE_KEY, "127.0.0.1:5000/team/cache:latest");
        assertTrue(
                problems(env).get(0).startsWith(RegistrySettings.BUILD_CACHE_KEY + ": build cache"),
                problems(env).get(0));
        env.put(REPO_PREFIX_KEY, "docker.io/team");
        env.put(ENDPOINT_KEY, "docker.io");
        env.put(RegistrySettings.BUILD_CACHE_KEY, "team/cache");
        assertEquals(
                Optional.of("team/cache"),
                load(env).target().flatMap(target -> target.cacheRepository("hub")),
                "Docker Hub written two ways is one registry");
        env.putAll(validLocalRegistry());
        env.put(RegistrySettings.BUILD_CACHE_KEY, "127.0.0.1:5000/s3cr3t-Pa55word");
        String pasted = problems(env).get(0);
        assertTrue(
                pasted.startsWith(RegistrySettings.BUILD_CACHE_KEY + ": build cache (its value is not shown"), pasted);
        assertFalse(pasted.contains("s3cr3t-Pa55word"), pasted);
    }

    @Test
    void invalidRepoPrefixIsNamedWithItsValue() {
        Map<String, String> env = validLocalRegistry();
        env.put(REPO_PREFIX_KEY, "Foo Bar");
        List<String> problems = problems(env);
        assertEquals(1, problems.size());
        assertTrue(
                problems.get(0).startsWith(REPO_PREFIX_KEY + ": \"Foo Bar\" is not a valid repository name"),
                problems.get(0));
    }

    @Test
    void repoPrefixOnAnotherRegistryThanTheEndpointIsRejected() {
        Map<String, String> env = validLocalRegistry();
        env.put(REPO_PREFIX_KEY, "127.0.0.1:5001/team");
        assertEquals(
                List.of(REPO_PREFIX_KEY + ": \"127.0.0.1:5001/team\" names the registry 127.0.0.1:5001, but "
                        + ENDPOINT_KEY + " is 127.0.0.1:5000: the build would push where the credentials do not apply;"
                        + " start the prefix with \"127.0.0.1:5000/\""),
                problems(env));
    }

    @Test
    void repoPrefixWithoutRegistryMeansDockerHubAndNeedsADockerHubEndpoint() {
        Map<String, String> env = validLocalRegistry();
        env.put(REPO_PREFIX_KEY, "team");
        String problem = problems(env).get(0);
        assertTrue(
                problem.startsWith(
                        REPO_PREFIX_KEY + ": \"team\" names no registry, so images would go to Docker Hub, but "
                                + ENDPOINT_KEY + " is 127.0.0.1:5000"),
                problem);
    }

    @Test
    void dockerHubEndpointWithAPrefixOnAnotherRegistryIsRejected() {
        Map<String, String> env = validLocalRegistry();
        env.put(ENDPOINT_KEY, "docker.io");
        env.put(REPO_PREFIX_KEY, "gcr.example/my-project");
        String problem = problems(env).get(0);
        assertTrue(problem.contains("names the registry gcr.example, but " + ENDPOINT_KEY + " is docker.io"), problem);
        assertTrue(problem.endsWith("for Docker Hub use a prefix without a registry, such as \"myteam\""), problem);
    }

    @Test
    void dockerHubPrefixMayNameDockerIoExplicitly() {
        Map<String, String> env = validLocalRegistry();
        env.put(ENDPOINT_KEY, "registry-1.docker.io");
        env.put(REPO_PREFIX_KEY, "docker.io/myteam");
        assertEquals("https://index.docker.io/v1/", load(env).registryHost());
    }

    @Test
    void invalidEndpointIsNamedWithTheReason() {
        Map<String, String> env = validLocalRegistry();
        env.put(ENDPOINT_KEY, "ftp://127.0.0.1:5000");
        assertEquals(
                List.of(ENDPOINT_KEY + ": \"ftp://127.0.0.1:5000\" has the scheme ftp://;"
                        + " only https:// and http:// are supported"),
                problems(env));
    }

    @Test
    void usernameWithColonIsRejected() {
        Map<String, String> env = validLocalRegistry();
        env.put(USERNAME_KEY, "a:b");
        assertTrue(problems(env).get(0).startsWith(USERNAME_KEY + ": \"a:b\" contains ':'"));
    }

    @Test
    void pushSecretNameHasADefaultAndMustBeAnObjectName() {
        Map<String, String> env = validLocalRegistry();
        env.put(PUSH_SECRET_NAME_KEY, "my-push-secret");
        assertEquals("my-push-secret", load(env).pushSecretName());

        env.put(PUSH_SECRET_NAME_KEY, "My_Secret");
        assertTrue(problems(env)
                .get(0)
                .startsWith(PUSH_SECRET_NAME_KEY + ": \"My_Secret\" is not a valid Kubernetes object name"));
    }

    @Test
    void insecureDefaultsToFalseForHttpsAndBareEndpoints() {
        Map<String, String> env = validLocalRegistry();
        env.put(ENDPOINT_KEY, "127.0.0.1:5000");
        assertFalse(load(env).insecure());
        env.put(INSECURE_KEY, "true");
        assertTrue(load(env).insecure());
        env.put(INSECURE_KEY, "maybe");
        assertEquals(List.of(INSECURE_KEY + ": \"maybe\" is neither true nor false"), problems(env));
    }

    @Test
    void insecureFalseContradictsAnHttpEndpoint() {
        Map<String, String> env = validLocalRegistry();
        env.put(INSECURE_KEY, "false");
        assertEquals(
                List.of(INSECURE_KEY + " is false, but " + ENDPOINT_KEY + " is http://127.0.0.1:5000, which has no TLS;"
                        + " set it to true, or use https://"),
                problems(env));
    }

    @Test
    void everyProblemIsListedInOneException() {
        Map<String, String> env = new HashMap<>();
        env.put(FEATURE_KEY, "true");
        env.put(ENDPOINT_KEY, "https://gcr.example/extra/path");
        env.put(REPO_PREFIX_KEY, "Foo Bar");
        env.put(PUSH_SECRET_NAME_KEY, "-bad-");
        env.put(INSECURE_KEY, "sometimes");
        RegistrySettingsException e = assertThrows(RegistrySettingsException.class, () -> load(env));
        List<String> keys =
                e.problems().stream().map(p -> p.split("[: ]", 2)[0]).toList();
        assertEquals(
                List.of(ENDPOINT_KEY, USERNAME_KEY, PASSWORD_KEY, REPO_PREFIX_KEY, PUSH_SECRET_NAME_KEY, INSECURE_KEY),
                keys);
        assertTrue(
                e.getMessage().startsWith("Invalid custom image registry settings (6 problems):\n  - " + ENDPOINT_KEY),
                e.getMessage());
    }

    @Test
    void environmentOverridesDotEnvFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, """
                PRIMEHUB_FEATURE_CUSTOM_IMAGE=true
                PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=http://127.0.0.1:5000
                PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=from-file
                PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='file password'
                PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=127.0.0.1:5000/team
                """);
        RegistrySettings settings = RegistrySettings.load(ConfigSource.load(Map.of(USERNAME_KEY, "from-env"), file));
        assertEquals("from-env", settings.username());
        assertEquals("file password", settings.password().reveal());
    }

    @Test
    void toStringMasksThePassword() {
        String text = load(validLocalRegistry()).toString();
        assertFalse(text.contains("s3cr3t"), text);
        assertTrue(text.contains("password=***"), text);
        assertTrue(text.contains("username=builder"), text);
    }

    @Test
    void equalSettingsAreEqual() {
        assertEquals(load(validLocalRegistry()), load(validLocalRegistry()));
        Map<String, String> other = validLocalRegistry();
        other.put(PASSWORD_KEY, "another");
        assertFalse(load(validLocalRegistry()).equals(load(other)));
    }

    @Test
    void imagesAreNamedAfterTheSpecUnlessNamespaceNamingIsAskedFor() {
        Map<String, String> env = validLocalRegistry();
        assertEquals(ImageNaming.NAME, load(env).target().orElseThrow().naming());
        env.put(IMAGE_NAME_KEY, "namespace-name");
        assertEquals(
                ImageNaming.NAMESPACE_NAME, load(env).target().orElseThrow().naming());
        env.put(IMAGE_NAME_KEY, "tenant");
        assertEquals(
                List.of(IMAGE_NAME_KEY + ": \"tenant\" is neither name (<prefix>/<name>, as PrimeHub names images)"
                        + " nor namespace-name (<prefix>/<namespace>-<name>)"),
                problems(env));
    }
}
