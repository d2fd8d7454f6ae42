package io.primehub.imagebuilder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryEndpointTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "docker.io",
                "index.docker.io",
                "registry-1.docker.io",
                "https://index.docker.io/v1/",
                "https://registry-1.docker.io",
                "https://docker.io/",
                "https://INDEX.docker.io/v1/"
            })
    void everyNameOfDockerHubMapsToTheLegacyAuthKey(String endpoint) {
        RegistryEndpoint parsed = RegistryEndpoint.parse(endpoint);
        assertTrue(parsed.isDockerHub());
        assertEquals("https://index.docker.io/v1/", parsed.authKey());
        assertEquals("docker.io", parsed.domain());
        assertEquals(URI.create("https://registry-1.docker.io"), parsed.apiBase(false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "https://gcr.example,                gcr.example,               false, https://gcr.example",
        "gcr.example,                        gcr.example,               false, https://gcr.example",
        "https://registry.example.com:8443/, registry.example.com:8443, false, https://registry.example.com:8443",
        "http://127.0.0.1:5000,         127.0.0.1:5000,       true,  http://127.0.0.1:5000",
        "127.0.0.1:5000,                127.0.0.1:5000,       false, https://127.0.0.1:5000",
        "localhost:5000/v2/,            localhost:5000,       false, https://localhost:5000",
        "HTTPS://Registry.Example.COM,  registry.example.com, false, https://registry.example.com",
        "http://[::1]:5000,             [::1]:5000,           true,  http://[::1]:5000",
    })
    void parsesSchemeHostAndPort(String endpoint, String authKey, boolean plainHttp, String apiBase) {
        RegistryEndpoint parsed = RegistryEndpoint.parse(endpoint);
        assertEquals(authKey, parsed.authKey());
        assertEquals(authKey, parsed.domain());
        assertEquals(plainHttp, parsed.plainHttp());
        assertEquals(URI.create(apiBase), parsed.apiBase(false));
        assertFalse(parsed.isDockerHub());
    }

    @Test
    void insecureBareEndpointIsSpokenToOverHttp() {
        assertEquals(
                URI.create("http://127.0.0.1:5000"),
                RegistryEndpoint.parse("127.0.0.1:5000").apiBase(true));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ftp://host                     | has the scheme ftp://; only https:// and http:// are supported
            https://gcr.example/my-project      | has the path /my-project; an endpoint is only [scheme://]host[:port]
            host:0                         | has the port 0, which is not between 1 and 65535
            host:70000                     | has the port 70000, which is not between 1 and 65535
            http://docker.io               | names Docker Hub over http://
            https://                       | is not a registry endpoint
            host name                      | is not a registry endpoint
            -host.example.com              | is not a registry endpoint
            https://user:pw@host           | holds a user name or password (user:password@host), which is not shown
            user@host:5000                 | holds a user name or password
            """)
    void rejectsWhatIsNotAnEndpoint(String endpoint, String reason) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RegistryEndpoint.parse(endpoint));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }

    @Test
    void rejectsEmptyEndpoint() {
        assertThrows(IllegalArgumentException.class, () -> RegistryEndpoint.parse(""));
    }

    @ParameterizedTest(name = "{0} served by {1}: {2}")
    @CsvSource({
        "'',                   docker.io,            true",
        "docker.io,            index.docker.io,      true",
        "index.docker.io,      docker.io,            true",
        "127.0.0.1:5000,       http://127.0.0.1:5000, true",
        "Registry.Example.com, registry.example.com, true",
        "127.0.0.1:5001,       127.0.0.1:5000,       false",
        "127.0.0.1,            127.0.0.1:5000,       false",
        "'',                   gcr.example,               false",
        "gcr.example,               docker.io,            false",
    })
    void servesOnlyItsOwnDomain(String referenceDomain, String endpoint, boolean served) {
        assertEquals(served, RegistryEndpoint.parse(endpoint).servesDomain(referenceDomain));
    }
}
