package io.primehub.imagebuilder.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of a {@code kubernetes.io/dockerconfigjson} Secret:
 * {@code {"auths":{"<registry>":{"username":...,"password":...,"auth":base64(username:password)}}}}.
 * Written with Jackson so that any password, a JSON key with quotes and {@code \n} escapes included, comes back
 * byte for byte. Reading it lets a caller check what a pull secret holds for a registry.
 */
public final class DockerConfigJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, DockerAuth> auths;

    private DockerConfigJson(Map<String, DockerAuth> auths) {
        this.auths = Collections.unmodifiableMap(auths);
    }

    /**
     * The docker config JSON with one credential, as UTF-8 bytes.
     *
     * @param registryKey the key Docker clients look the registry up by: {@code host[:port]}, or
     *                    {@link RegistryEndpoint#DOCKER_HUB_AUTH_KEY} for Docker Hub
     */
    public static byte[] forCredentials(String registryKey, String username, Secret password) {
        Objects.requireNonNull(registryKey, "registryKey");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (registryKey.isEmpty()) {
            throw new IllegalArgumentException("the registry key is empty");
        }
        if (username.indexOf(':') >= 0) {
            throw new IllegalArgumentException(
                    "user name \"" + username + "\" contains ':', which basic authentication cannot carry");
        }
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode entry = root.putObject("auths").putObject(registryKey);
        entry.put("username", username);
        entry.put("password", password.reveal());
        entry.put(
                "auth",
                Base64.getEncoder()
                        .encodeToString((username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8)));
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            // Jackson cannot fail on a tree of strings; keep its message out in any case, it may quote the tree.
            throw new IllegalStateException("could not write the docker config JSON");
        }
    }

    /**
     * Reads a docker config JSON. An entry's credential comes from {@code username} and {@code password}, or
     * from {@code auth} when those are absent.
     *
     * @throws IllegalArgumentException when it is not one; the message never quotes the content
     */
    public static DockerConfigJson parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending token, which may be part of a password.
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException("the docker config is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new IllegalArgumentException("the docker config could not be read");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the docker config is not a JSON object");
        }
        JsonNode authsNode = root.get("auths");
        if (authsNode == null || !authsNode.isObject()) {
            throw new IllegalArgumentException("the docker config has no \"auths\" object");
        }
        Map<String, DockerAuth> auths = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : authsNode.properties()) {
            auths.put(field.getKey(), auth(field.getKey(), field.getValue()));
        }
        return new DockerConfigJson(auths);
    }

    /** The entries by their keys as written. */
    public Map<String, DockerAuth> auths() {
        return auths;
    }

    /**
     * The credential for a registry, matching keys the way Docker clients do: scheme and path are ignored, and
     * every name of Docker Hub matches every other.
     *
     * @param registry a registry domain ({@code gcr.example}, {@code host:5000}, {@code docker.io}) or an auth key
     */
    public Optional<DockerAuth> credentialsFor(String registry) {
        String wanted = normalizedKey(registry);
        DockerAuth exact = auths.get(registry);
        if (exact != null) {
            return Optional.of(exact);
        }
        return auths.entrySet().stream()
                .filter(e -> normalizedKey(e.getKey()).equals(wanted))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static DockerAuth auth(String key, JsonNode entry) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException("the docker config entry for \"" + key + "\" is not an object");
        }
        JsonNode username = entry.get("username");
        JsonNode password = entry.get("password");
        if (username != null && username.isTextual() && password != null && password.isTextual()) {
            return new DockerAuth(username.asText(), Secret.of(password.asText()));
        }
        JsonNode auth = entry.get("auth");
        if (auth == null || !auth.isTextual()) {
            throw new IllegalArgumentException("the docker config entry for \"" + key
                    + "\" has neither \"username\" and \"password\" nor \"auth\"");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the \"auth\" of the docker config entry for \"" + key + "\" is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(
                    "the \"auth\" of the docker config entry for \"" + key + "\" is not base64 of username:password");
        }
        return new DockerAuth(decoded.substring(0, colon), Secret.of(decoded.substring(colon + 1)));
    }

    /** {@code https://index.docker.io/v1/} and {@code docker.io} are one key; so are {@code https://h:5000} and {@code h:5000}. */
    static String normalizedKey(String key) {
        String text = key.toLowerCase(Locale.ROOT);
        if (text.contains("://")) {
            URI uri;
            try {
                uri = URI.create(text);
            } catch (IllegalArgumentException e) {
                return text;
            }
            if (uri.getRawAuthority() != null) {
                text = uri.getRawAuthority();
            }
        } else {
            int slash = text.indexOf('/');
            if (slash >= 0) {
                text = text.substring(0, slash);
            }
        }
        return switch (text) {
            case "index.docker.io", "registry-1.docker.io" -> RegistryEndpoint.DOCKER_HUB_DOMAIN;
            default -> text;
        };
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("DockerConfigJson[");
        auths.forEach((key, auth) -> out.append(out.length() > 17 ? ", " : "")
                .append(key)
                .append(" as ")
                .append(auth.username()));
        return out.append("]").toString();
    }
}
