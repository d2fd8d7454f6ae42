package io.primehub.imagebuilder.it.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Puts blobs and manifests into a registry with plain v2 API calls (monolithic upload), so the client under test
 * reads what the registry itself stored, not what this test's own client wrote.
 */
final class RawUpload {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    private final String authorization;

    RawUpload(URI base, String user, String password) {
        this.base = base;
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    String blob(String repository, byte[] content) throws IOException, InterruptedException {
        String digest = sha256(content);
        HttpResponse<String> started = http.send(
                request(base.resolve("/v2/" + repository + "/blobs/uploads/"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        expect(202, started);
        String location = started.headers().firstValue("Location").orElseThrow();
        URI upload = base.resolve(location + (location.contains("?") ? "&" : "?") + "digest=" + digest);
        expect(
                201,
                http.send(
                        request(upload)
                                .header("Content-Type", "application/octet-stream")
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
        return digest;
    }

    String manifest(String repository, String tag, String mediaType, String json)
            throws IOException, InterruptedException {
        byte[] content = json.getBytes(StandardCharsets.UTF_8);
        expect(
                201,
                http.send(
                        request(base.resolve("/v2/" + repository + "/manifests/" + tag))
                                .header("Content-Type", mediaType)
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
        return sha256(content);
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", authorization);
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(
                    response.request().method() + " " + response.uri().getPath() + " answered " + response.statusCode()
                            + ", not " + status + ": " + response.body());
        }
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
