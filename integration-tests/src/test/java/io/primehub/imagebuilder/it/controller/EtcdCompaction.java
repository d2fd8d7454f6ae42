package io.primehub.imagebuilder.it.controller;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compacts the envtest etcd through its v3 JSON gateway, so that every resourceVersion before now is gone. The
 * fixture does not publish etcd's address; it is the {@code --listen-client-urls} of the etcd process that this JVM
 * started. Empty on other clusters (k3s, an existing one).
 */
final class EtcdCompaction {

    private static final Pattern REVISION = Pattern.compile("\"revision\"\\s*:\\s*\"?(\\d+)");

    private EtcdCompaction() {}

    static Optional<URI> findEtcd() {
        return ProcessHandle.current()
                .descendants()
                .map(process -> process.info().arguments().orElse(new String[0]))
                .filter(args -> Arrays.stream(args).anyMatch(a -> a.equals("--name=primehub-it")))
                .flatMap(Arrays::stream)
                .filter(a -> a.startsWith("--listen-client-urls="))
                .map(a ->
                        URI.create(a.substring("--listen-client-urls=".length()).split(",", -1)[0]))
                .findFirst();
    }

    /** Compacts at the current revision; returns it. */
    static long compactNow(URI etcd) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String range = post(http, etcd.resolve("/v3/kv/range"), "{\"key\":\"AA==\"}");
        Matcher matcher = REVISION.matcher(range);
        if (!matcher.find()) {
            throw new IllegalStateException("etcd's range answer has no revision: " + range);
        }
        long revision = Long.parseLong(matcher.group(1));
        post(http, etcd.resolve("/v3/kv/compaction"), "{\"revision\":\"" + revision + "\",\"physical\":true}");
        return revision;
    }

    private static String post(HttpClient http, URI uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "etcd answered " + uri + " with HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
