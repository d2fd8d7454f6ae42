package io.primehub.imagebuilder.app.cli;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.primehub.imagebuilder.app.inject.UserAgent;
import io.kubernetes.client.util.KubeConfig;
import io.primehub.imagebuilder.app.config.ConfigKeys;
import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import io.primehub.imagebuilder.k8s.TolerantJson;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code image-builder logs -n NAMESPACE JOB}: a build's log, live or kept. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Prints the build log of an ImageSpecJob: the live log while its build pod runs (empty while the",
            "build container waits to start), and the end of it that the controller kept (at most 64 KiB, secrets",
            "redacted) once the pod is gone. Connects through KUBECONFIG, or in-cluster."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:printed",
            "1:the job has no build pod and no kept log, or the API server refused",
            "2:the namespace or the job name is not a Kubernetes name"
        })
final class LogsCommand implements Callable<Integer> {

    /** A DNS-1123 label (namespace) or subdomain (object name). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    @ParentCommand
    Main main;

    @Option(names = {"-n", "--namespace"}, required = true, paramLabel = "NAMESPACE",
            description = "The job's namespace.")
    String namespace;

    @Parameters(paramLabel = "JOB", description = "The ImageSpecJob, as the spec's status.jobName names it.")
    String job;

    @Option(names = "--build-namespace", paramLabel = "NAMESPACE",
            description = "Where the controller runs build pods, when not beside their jobs (default: "
                    + ConfigKeys.BUILD_NAMESPACE + " from the environment, else beside the job).")
    String buildNamespace;

    @Override
    public Integer call() {
        String builds = buildNamespace != null ? buildNamespace
                : main.context.env().getOrDefault(ConfigKeys.BUILD_NAMESPACE, "");
        for (String name : builds.isEmpty() ? new String[] {namespace, job} : new String[] {namespace, job, builds}) {
            if (!NAME.matcher(name).matches()) {
                main.context.err().println("error: '" + name + "' is not a Kubernetes name");
                return ExitCodes.INVALID_INPUT;
            }
        }
        try {
            main.context.out().print(new ImageSpecOperations(client(), Clock.systemUTC(), builds)
                    .buildLog(namespace, job));
            main.context.out().flush();
            return ExitCodes.OK;
        } catch (NoSuchElementException e) {
            main.context.err().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    /** From KUBECONFIG (its first file) as this command's environment has it, else the client's defaults. */
    private ApiClient client() {
        String kubeconfig = main.context.env().getOrDefault("KUBECONFIG", "");
        try {
            if (kubeconfig.isBlank()) {
                return UserAgent.install(TolerantJson.install(ClientBuilder.standard().build()));
            }
            Path file = Path.of(kubeconfig.split(java.io.File.pathSeparator)[0]);
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                KubeConfig config = KubeConfig.loadKubeConfig(reader);
                config.setFile(file.toFile());
                return UserAgent.install(TolerantJson.install(ClientBuilder.kubeconfig(config).build()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kubernetes client configuration"
                    + (kubeconfig.isBlank() ? "" : " " + kubeconfig) + ": " + e.getMessage(), e);
        }
    }
}
