package io.primehub.imagebuilder.k8s;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BuildNetworkTest {

    private static final String PASSWORD = "Pr0xy-Pa55word";

    private static BuildNetwork load(Map<String, String> settings) {
        return BuildNetwork.load(key -> Optional.ofNullable(settings.get(key)));
    }

    private static InvalidBuildNetworkException refused(String key, String value) {
        return assertThrows(
                InvalidBuildNetworkException.class,
                () -> load(Map.of(key, value)),
                () -> key + "=" + value + " was accepted");
    }

    @Test
    void nothingSetIsNoNetworkSettingAtAll() {
        BuildNetwork network = load(Map.of());
        assertEquals(BuildNetwork.none(), network);
        assertTrue(network.isEmpty());
        assertFalse(network.configuresRunSteps());
        assertEquals(Map.of(), network.scriptEnvironment());
    }

    @Test
    void readsEverySettingAndGivesTheScriptItsVariables() {
        Map<String, String> settings = new HashMap<>();
        settings.put(BuildNetwork.HTTP_PROXY_KEY, "http://proxy.example.test:3128");
        settings.put(BuildNetwork.HTTPS_PROXY_KEY, "http://proxy.example.test:3128/");
        settings.put(
                BuildNetwork.NO_PROXY_KEY, "127.0.0.1, localhost,.cluster.local ,10.0.0.0/8,*.svc,[::1],::1,fd00::/8");
        settings.put(BuildNetwork.PIP_INDEX_URL_KEY, " https://pypi.example.test/simple ");
        settings.put(
                BuildNetwork.PIP_EXTRA_INDEX_URL_KEY,
                "https://a.example.test/simple https://b.example.test:8443/pypi/simple/");
        settings.put(BuildNetwork.PIP_TRUSTED_HOST_KEY, "pypi.example.test,b.example.test:8443");
        settings.put(BuildNetwork.CONDA_CHANNEL_ALIAS_KEY, "https://conda.example.test/conda");
        settings.put(
                BuildNetwork.CONDA_DEFAULT_CHANNELS_KEY,
                "https://conda.example.test/pkgs/main\nhttps://conda.example.test/pkgs/r");
        settings.put(BuildNetwork.APT_MIRROR_KEY, "http://[fd00::5]:8080/mirror%2Dof/debian");
        settings.put(BuildNetwork.CA_BUNDLE_KEY, "corporate-ca/root.pem");

        BuildNetwork network = load(settings);

        assertEquals(
                List.of("127.0.0.1", "localhost", ".cluster.local", "10.0.0.0/8", "*.svc", "[::1]", "::1", "fd00::/8"),
                network.noProxy());
        assertEquals("https://pypi.example.test/simple", network.pipIndexUrl());
        assertEquals(Optional.of(new BuildNetwork.CaBundleRef("corporate-ca", "root.pem")), network.caBundle());
        assertTrue(network.configuresRunSteps());
        Map<String, String> expected = new HashMap<>();
        expected.put("HTTP_PROXY", "http://proxy.example.test:3128");
        expected.put("HTTPS_PROXY", "http://proxy.example.test:3128/");
        expected.put("NO_PROXY", "127.0.0.1,localhost,.cluster.local,10.0.0.0/8,*.svc,[::1],::1,fd00::/8");
        expected.put("BUILD_PIP_INDEX_URL", "https://pypi.example.test/simple");
        expected.put(
                "BUILD_PIP_EXTRA_INDEX_URL", "https://a.example.test/simple https://b.example.test:8443/pypi/simple/");
        expected.put("BUILD_PIP_TRUSTED_HOST", "pypi.example.test b.example.test:8443");
        expected.put("BUILD_CONDA_CHANNEL_ALIAS", "https://conda.example.test/conda");
        expected.put(
                "BUILD_CONDA_DEFAULT_CHANNELS",
                "https://conda.example.test/pkgs/main https://conda.example.test/pkgs/r");
        expected.put("BUILD_APT_MIRROR", "http://[fd00::5]:8080/mirror%2Dof/debian");
        assertEquals(expected, network.scriptEnvironment(), "the CA bundle is a mounted file, not a variable");
    }

    @Test
    void proxiesAloneConfigureNoRunStepFile() {
        BuildNetwork network = load(Map.of(BuildNetwork.HTTPS_PROXY_KEY, "https://proxy.example.test"));
        assertFalse(network.configuresRunSteps());
        assertFalse(network.isEmpty());
    }

    @Test
    void aCaBundleIsAConfigMapNameWithTheKeyCaCrtUnlessOneIsGiven() {
        assertEquals(
                new BuildNetwork.CaBundleRef("corporate-ca", "ca.crt"),
                load(Map.of(BuildNetwork.CA_BUNDLE_KEY, "corporate-ca"))
                        .caBundle()
                        .orElseThrow());
        assertEquals(
                new BuildNetwork.CaBundleRef("trust.example", "bundle_1.pem"),
                load(Map.of(BuildNetwork.CA_BUNDLE_KEY, "trust.example/bundle_1.pem"))
                        .caBundle()
                        .orElseThrow());
        assertEquals(
                "corporate-ca/ca.crt",
                BuildNetwork.CaBundleRef.parse("corporate-ca").toString());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(
                        BuildNetwork.HTTP_PROXY_KEY, "proxy.example.test:3128", "is not an http:// or https:// URL"),
                Arguments.of(
                        BuildNetwork.HTTP_PROXY_KEY,
                        "socks5://proxy.example.test:1080",
                        "is not an http:// or https:// URL"),
                Arguments.of(
                        BuildNetwork.HTTP_PROXY_KEY, "HTTP://proxy.example.test", "is not an http:// or https:// URL"),
                Arguments.of(
                        BuildNetwork.HTTP_PROXY_KEY, "http://proxy.example.test:3128/path", "has a path; a proxy is"),
                Arguments.of(BuildNetwork.HTTPS_PROXY_KEY, "http://proxy.example.test:99999", "has no valid host"),
                Arguments.of(BuildNetwork.HTTPS_PROXY_KEY, "http://:3128", "has no valid host"),
                Arguments.of(BuildNetwork.HTTPS_PROXY_KEY, "http://proxy_1.example.test", "has no valid host"),
                Arguments.of(BuildNetwork.HTTPS_PROXY_KEY, "http://-proxy.example.test", "has no valid host"),
                Arguments.of(BuildNetwork.NO_PROXY_KEY, "localhost exa!mple", "entry 2 \"exa!mple\" is not a host"),
                Arguments.of(BuildNetwork.NO_PROXY_KEY, "10.0.0.0/33", "entry 1 \"10.0.0.0/33\" is not a host"),
                Arguments.of(BuildNetwork.NO_PROXY_KEY, "http://internal.example.test", "is not a host, a domain"),
                Arguments.of(
                        BuildNetwork.PIP_INDEX_URL_KEY, "https://pypi.example.test/simple?token=x", "has a query (?)"),
                Arguments.of(
                        BuildNetwork.PIP_INDEX_URL_KEY, "https://pypi.example.test/simple#frag", "has a fragment (#)"),
                Arguments.of(
                        BuildNetwork.PIP_INDEX_URL_KEY, "https://pypi.example.test/sim\"ple", "has the character '\"'"),
                Arguments.of(
                        BuildNetwork.PIP_INDEX_URL_KEY, "https://pypi.example.test/$(id)", "has the character '$'"),
                Arguments.of(
                        BuildNetwork.PIP_INDEX_URL_KEY,
                        "https://pypi.example.test/simple%zz",
                        "has a '%' that starts no"),
                Arguments.of(
                        BuildNetwork.PIP_INDEX_URL_KEY,
                        "https://pypi.example.test/\u00e9",
                        "a space, control or non-ASCII"),
                Arguments.of(BuildNetwork.PIP_INDEX_URL_KEY, "file:///srv/simple", "is not an http:// or https:// URL"),
                Arguments.of(
                        BuildNetwork.PIP_EXTRA_INDEX_URL_KEY,
                        "https://a.example.test/simple ftp://b.example.test/",
                        BuildNetwork.PIP_EXTRA_INDEX_URL_KEY
                                + " (entry 2): \"ftp://b.example.test/\" is not an http://"),
                Arguments.of(
                        BuildNetwork.PIP_TRUSTED_HOST_KEY, "https://pypi.example.test", "is not a host or host:port"),
                Arguments.of(BuildNetwork.PIP_TRUSTED_HOST_KEY, "pypi.example.test:0", "is not a host or host:port"),
                Arguments.of(
                        BuildNetwork.CONDA_CHANNEL_ALIAS_KEY,
                        "conda.example.test",
                        "is not an http:// or https:// URL"),
                Arguments.of(BuildNetwork.CONDA_DEFAULT_CHANNELS_KEY, "main", "is not an http:// or https:// URL"),
                Arguments.of(
                        BuildNetwork.APT_MIRROR_KEY, "http://mirror.example.test/debian;rm", "has the character ';'"),
                Arguments.of(BuildNetwork.APT_MIRROR_KEY, "http://mirror.example.test/a,b", "has the character ','"),
                Arguments.of(BuildNetwork.CA_BUNDLE_KEY, "Corporate_CA", "is not a ConfigMap name"),
                Arguments.of(BuildNetwork.CA_BUNDLE_KEY, "corporate-ca/", "the key \"\" is not a ConfigMap key"),
                Arguments.of(BuildNetwork.CA_BUNDLE_KEY, "corporate-ca/a/b", "the key \"a/b\" is not a ConfigMap key"),
                Arguments.of(BuildNetwork.CA_BUNDLE_KEY, "corporate-ca/..", "the key \"..\" is not a ConfigMap key"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void refusesABadValueNamingItsKeyAndTheProblem(String key, String value, String problem) {
        InvalidBuildNetworkException e = refused(key, value);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith(key), e.getMessage());
        assertTrue(e.problems().get(0).contains(problem), e.getMessage());
    }

    /** Every URL setting, and the lists and the ConfigMap, with a password in it: refused, never shown. */
    static Stream<Arguments> valuesWithAPassword() {
        String userInfo = "builder:" + PASSWORD + "@";
        return Stream.of(
                Arguments.of(BuildNetwork.HTTP_PROXY_KEY, "http://" + userInfo + "proxy.example.test:3128"),
                Arguments.of(BuildNetwork.HTTPS_PROXY_KEY, "https://" + userInfo + "proxy.example.test"),
                Arguments.of(BuildNetwork.HTTPS_PROXY_KEY, userInfo + "proxy.example.test:3128"),
                Arguments.of(BuildNetwork.HTTPS_PROXY_KEY, "http://builder:" + PASSWORD + " @proxy.example.test"),
                Arguments.of(BuildNetwork.HTTPS_PROXY_KEY, "http://builder:" + PASSWORD + "@proxy_example:3128/x?y#z"),
                Arguments.of(BuildNetwork.NO_PROXY_KEY, "localhost," + userInfo + "internal"),
                Arguments.of(BuildNetwork.PIP_INDEX_URL_KEY, "https://" + userInfo + "pypi.example.test/simple"),
                Arguments.of(
                        BuildNetwork.PIP_EXTRA_INDEX_URL_KEY,
                        "https://a.example.test/simple https://" + userInfo + "b.example.test/simple"),
                Arguments.of(BuildNetwork.PIP_TRUSTED_HOST_KEY, userInfo + "pypi.example.test"),
                Arguments.of(BuildNetwork.CONDA_CHANNEL_ALIAS_KEY, "https://" + userInfo + "conda.example.test"),
                Arguments.of(
                        BuildNetwork.CONDA_DEFAULT_CHANNELS_KEY, "https://" + userInfo + "conda.example.test/main"),
                Arguments.of(BuildNetwork.APT_MIRROR_KEY, "http://" + userInfo + "mirror.example.test/debian"),
                Arguments.of(BuildNetwork.CA_BUNDLE_KEY, userInfo + "corporate-ca"),
                Arguments.of(BuildNetwork.CA_BUNDLE_KEY, "corporate-ca/" + userInfo + "key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesWithAPassword")
    void refusesAUrlWithAPasswordNamingTheKeyButNeverThePassword(String key, String value) {
        InvalidBuildNetworkException e = refused(key, value);
        assertAll(
                () -> assertTrue(e.getMessage().startsWith(key), e.getMessage()),
                () -> assertFalse(e.getMessage().contains(PASSWORD), e.getMessage()),
                () -> assertFalse(e.getMessage().contains("builder"), "the user name is shown: " + e.getMessage()),
                () -> assertTrue(e.getMessage().contains("not shown"), e.getMessage()));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        Map<String, String> settings = new HashMap<>();
        settings.put(BuildNetwork.HTTP_PROXY_KEY, "proxy");
        settings.put(BuildNetwork.PIP_INDEX_URL_KEY, "pypi");
        settings.put(BuildNetwork.APT_MIRROR_KEY, "mirror");
        settings.put(BuildNetwork.CA_BUNDLE_KEY, "CA");

        InvalidBuildNetworkException e = assertThrows(InvalidBuildNetworkException.class, () -> load(settings));

        assertEquals(4, e.problems().size(), e.getMessage());
        for (String key : settings.keySet()) {
            assertTrue(e.problems().stream().anyMatch(problem -> problem.startsWith(key + ": ")), key + " in " + e);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://proxy.example.test",
                "https://proxy.example.test:8443",
                "http://10.1.2.3:3128/",
                "http://[fd00::1]:3128"
            })
    void acceptsAProxyOfSchemeHostAndPort(String proxy) {
        assertEquals(proxy, load(Map.of(BuildNetwork.HTTP_PROXY_KEY, proxy)).httpProxy());
    }

    @Test
    void aRecordMadeInCodeIsCheckedToo() {
        assertThrows(
                InvalidBuildNetworkException.class,
                () -> new BuildNetwork(
                        "ftp://proxy", "", List.of(), "", List.of(), List.of(), "", List.of(), "", Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new BuildNetwork.CaBundleRef("ca", "a/b"));
    }

    @Test
    void theCaBundleCanBeReplaced() {
        BuildNetwork network = load(Map.of(
                BuildNetwork.CA_BUNDLE_KEY,
                "corporate-ca",
                BuildNetwork.PIP_INDEX_URL_KEY,
                "https://pypi.example.test/simple"));
        assertEquals(Optional.empty(), network.withCaBundle(Optional.empty()).caBundle());
        assertEquals(
                "https://pypi.example.test/simple",
                network.withCaBundle(Optional.empty()).pipIndexUrl());
    }
}
