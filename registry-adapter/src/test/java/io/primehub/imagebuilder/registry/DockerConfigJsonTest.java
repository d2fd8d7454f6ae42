package io.primehub.imagebuilder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.primehub.imagebuilder.registry.testing.ServiceAccountKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerConfigJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String decodeAuth(JsonNode entry) {
        return new String(Base64.getDecoder().decode(entry.get("auth").asText()), StandardCharsets.UTF_8);
    }

    @Test
    void googleJsonKeyRoundTripsExactly() throws IOException {
        String key = ServiceAccountKeys.oneLineJsonKey();
        assertTrue(key.contains("\\n") && key.contains("\"private_key\""), "the fixture must look like a real key");

        byte[] config = DockerConfigJson.forCredentials("gcr.example", "_json_key", Secret.of(key));

        JsonNode entry = MAPPER.readTree(config).get("auths").get("gcr.example");
        assertEquals("_json_key", entry.get("username").asText());
        assertEquals(key, entry.get("password").asText());
        assertEquals("_json_key:" + key, decodeAuth(entry));
        // The key still parses as the same JSON after the trip.
        assertEquals(MAPPER.readTree(key), MAPPER.readTree(entry.get("password").asText()));
    }

    @Test
    void writesExactlyTheDockerConfigShape() throws IOException {
        byte[] config = DockerConfigJson.forCredentials("127.0.0.1:5000", "builder", Secret.of("pw"));
        JsonNode root = MAPPER.readTree(config);
        assertEquals(List.of("auths"), iterable(root.fieldNames()));
        assertEquals(List.of("127.0.0.1:5000"), iterable(root.get("auths").fieldNames()));
        JsonNode entry = root.get("auths").get("127.0.0.1:5000");
        assertEquals(List.of("username", "password", "auth"), iterable(entry.fieldNames()));
        assertEquals(
                Base64.getEncoder().encodeToString("builder:pw".getBytes(StandardCharsets.UTF_8)),
                entry.get("auth").asText());
    }

    @Test
    void passwordsWithQuotesBackslashesAndNonAsciiSurvive() throws IOException {
        String password = "a\"b\\c\nd\u00e9\u6f22\u0001}";
        byte[] config = DockerConfigJson.forCredentials("host:5000", "u", Secret.of(password));
        JsonNode entry = MAPPER.readTree(config).get("auths").get("host:5000");
        assertEquals(password, entry.get("password").asText());
        assertEquals("u:" + password, decodeAuth(entry));
        assertEquals(
                Secret.of(password),
                DockerConfigJson.parse(config)
                        .credentialsFor("host:5000")
                        .orElseThrow()
                        .password());
    }

    @Test
    void rejectsUserNameWithColon() {
        assertThrows(IllegalArgumentException.class, () -> DockerConfigJson.forCredentials("h", "a:b", Secret.of("p")));
    }

    @Test
    void parsesWhatItWrites() {
        String key = ServiceAccountKeys.oneLineJsonKey();
        DockerConfigJson parsed =
                DockerConfigJson.parse(DockerConfigJson.forCredentials("gcr.example", "_json_key", Secret.of(key)));
        assertEquals(Map.of("gcr.example", new DockerAuth("_json_key", Secret.of(key))), parsed.auths());
    }

    @Test
    void readsCredentialFromAuthAloneSplittingAtTheFirstColon() {
        String auth = Base64.getEncoder().encodeToString("user:pa:ss".getBytes(StandardCharsets.UTF_8));
        DockerConfigJson parsed = DockerConfigJson.parse(
                ("{\"auths\":{\"quay.example\":{\"auth\":\"" + auth + "\"}}}").getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of(new DockerAuth("user", Secret.of("pa:ss"))), parsed.credentialsFor("quay.example"));
    }

    @ParameterizedTest(name = "key {0} found as {1}")
    @CsvSource({
        "https://index.docker.io/v1/, docker.io",
        "https://index.docker.io/v1/, index.docker.io",
        "docker.io,                   https://index.docker.io/v1/",
        "https://127.0.0.1:5000,      127.0.0.1:5000",
        "127.0.0.1:5000,              http://127.0.0.1:5000/v2/",
        "GCR.Example,                 gcr.example",
    })
    void findsCredentialUnderAnyNameDockerClientsUse(String writtenKey, String lookedUp) {
        DockerConfigJson parsed =
                DockerConfigJson.parse(DockerConfigJson.forCredentials(writtenKey, "u", Secret.of("p")));
        assertEquals("u", parsed.credentialsFor(lookedUp).orElseThrow().username());
    }

    @Test
    void findsNothingForAnotherRegistry() {
        DockerConfigJson parsed =
                DockerConfigJson.parse(DockerConfigJson.forCredentials("gcr.example", "u", Secret.of("p")));
        assertEquals(Optional.empty(), parsed.credentialsFor("127.0.0.1:5000"));
        assertEquals(Optional.empty(), parsed.credentialsFor("docker.io"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"auths": {"h": {"password": "hunter2"                  | the docker config is not valid JSON (line 1, column
            {"auths": {"h": {"username": hunter2, "password": "p"}}} | the docker config is not valid JSON (line 1, column
            []                                                       | the docker config is not a JSON object
            {"credsStore": "desktop"}                                | the docker config has no "auths" object
            {"auths": {"h": "hunter2"}}                              | the docker config entry for "h" is not an object
            {"auths": {"h": {"password": "hunter2"}}}                | the docker config entry for "h" has neither
            {"auths": {"h": {"auth": "hunter2!"}}}                   | the "auth" of the docker config entry for "h" is not base64
            {"auths": {"h": {"auth": "aHVudGVyMg=="}}}               | the "auth" of the docker config entry for "h" is not base64 of username:password
            """)
    void rejectsMalformedConfigWithoutQuotingIt(String json, String reason) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> DockerConfigJson.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertEquals(null, e.getCause(), "a parser's cause may quote the content");
    }

    @Test
    void toStringNamesRegistriesAndUsersButNoPassword() {
        DockerConfigJson parsed = DockerConfigJson.parse(
                DockerConfigJson.forCredentials("gcr.example", "_json_key", Secret.of("hunter2")));
        assertEquals("DockerConfigJson[gcr.example as _json_key]", parsed.toString());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
