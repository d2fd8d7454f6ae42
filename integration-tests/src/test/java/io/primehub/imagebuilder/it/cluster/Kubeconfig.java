package io.primehub.imagebuilder.it.cluster;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Writes a kubeconfig with everything embedded (so that it works from any working directory), and reads one. */
final class Kubeconfig {

    private Kubeconfig() {}

    static Path write(Path file, String server, String caPem, String clientCertificatePem, String clientKeyPem) {
        String text = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: primehub-it
                    cluster:
                      server: %s
                      certificate-authority-data: %s
                users:
                  - name: primehub-it-admin
                    user:
                      client-certificate-data: %s
                      client-key-data: %s
                contexts:
                  - name: primehub-it
                    context:
                      cluster: primehub-it
                      user: primehub-it-admin
                      namespace: default
                current-context: primehub-it
                """.formatted(server, base64(caPem), base64(clientCertificatePem), base64(clientKeyPem));
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** A client (cluster admin, for these kubeconfigs) from a kubeconfig file. */
    static ApiClient client(Path kubeconfig) {
        try (Reader reader = Files.newBufferedReader(kubeconfig)) {
            KubeConfig config = KubeConfig.loadKubeConfig(reader);
            config.setFile(kubeconfig.toFile());
            return ClientBuilder.kubeconfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build a client from " + kubeconfig, e);
        }
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
