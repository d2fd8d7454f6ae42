package io.primehub.imagebuilder.app.cli;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.primehub.imagebuilder.app.config.ConfigKeys;
import io.primehub.imagebuilder.app.inject.UserAgent;
import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import io.primehub.imagebuilder.k8s.TolerantJson;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The options and the connection of the commands that talk to a cluster ({@code get}, {@code describe}, {@code
 * logs}, {@code rebuild}, {@code cancel}, {@code apply}). The connection is kubectl's: the first file that {@code
 * KUBECONFIG} names, else the client's defaults ({@code ~/.kube/config}, else in-cluster); the namespace is {@code -n},
 * else the current context's, else {@code default}.
 */
final class ClusterOptions {

    /** A DNS-1123 label (namespace) or subdomain (object name). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NAMESPACE",
            description = "The namespace (default: the kubeconfig context's, else default).")
    String namespace;

    @Option(
            names = "--build-namespace",
            paramLabel = "NAMESPACE",
            description = "Where the controller runs build pods, when not beside their jobs (default: "
                    + ConfigKeys.BUILD_NAMESPACE + " from the environment, else beside the job).")
    String buildNamespace;

    private String contextNamespace = "";

    /**
     * The first of {@code names}, {@code -n} and {@code --build-namespace} that is not a Kubernetes name, as a
     * message; empty when each is one (or not given).
     */
    Optional<String> invalidName(String... names) {
        List<String> all = new java.util.ArrayList<>(List.of(names));
        all.add(namespace);
        all.add(buildNamespace);
        return all.stream()
                .filter(name -> name != null && !NAME.matcher(name).matches())
                .findFirst()
                .map(name -> "'" + name + "' is not a Kubernetes name");
    }

    /** Prints the first name that is not a Kubernetes name and answers exit status 2; null when all are names. */
    Integer refuseInvalidNames(Main.CliContext context, String... names) {
        Optional<String> invalid = invalidName(names);
        if (invalid.isEmpty()) {
            return null;
        }
        context.err().println("error: " + invalid.get());
        return ExitCodes.INVALID_INPUT;
    }

    /** The namespace asked for, once {@link #client} has read the kubeconfig. */
    String namespace() {
        if (namespace != null) {
            return namespace;
        }
        return contextNamespace.isEmpty() ? "default" : contextNamespace;
    }

    String buildNamespace(Main.CliContext context) {
        return buildNamespace != null ? buildNamespace : context.env().getOrDefault(ConfigKeys.BUILD_NAMESPACE, "");
    }

    ImageSpecOperations operations(Main.CliContext context) {
        return new ImageSpecOperations(client(context), Clock.systemUTC(), buildNamespace(context));
    }

    /**
     * As kubectl connects: the first file {@code KUBECONFIG} names, else {@code ~/.kube/config} when there is one,
     * else the pod's service account (in-cluster). The namespace of the kubeconfig's current context, or the service
     * account's, becomes the default of {@code -n}.
     */
    ApiClient client(Main.CliContext context) {
        String kubeconfig = context.env().getOrDefault("KUBECONFIG", "");
        Path file = !kubeconfig.isBlank()
                ? Path.of(kubeconfig.split(File.pathSeparator, -1)[0])
                : Path.of(context.env().getOrDefault("HOME", System.getProperty("user.home")), ".kube", "config");
        try {
            if (kubeconfig.isBlank() && !Files.isRegularFile(file)) {
                Path serviceAccountNamespace = Path.of(io.kubernetes.client.util.Config.SERVICEACCOUNT_NAMESPACE_PATH);
                if (Files.isReadable(serviceAccountNamespace)) {
                    contextNamespace = Files.readString(serviceAccountNamespace, StandardCharsets.UTF_8)
                            .strip();
                }
                return UserAgent.install(
                        TolerantJson.install(ClientBuilder.standard().build()));
            }
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                KubeConfig config = KubeConfig.loadKubeConfig(reader);
                config.setFile(file.toFile());
                contextNamespace = config.getNamespace() == null ? "" : config.getNamespace();
                return UserAgent.install(
                        TolerantJson.install(ClientBuilder.kubeconfig(config).build()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the Kubernetes client configuration " + file + ": " + e.getMessage(), e);
        }
    }
}
