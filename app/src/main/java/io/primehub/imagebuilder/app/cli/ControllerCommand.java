package io.primehub.imagebuilder.app.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.multibindings.OptionalBinder;
import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.app.config.BuildInfo;
import io.primehub.imagebuilder.app.config.ConfigException;
import io.primehub.imagebuilder.app.config.ImageBuilderConfig;
import io.primehub.imagebuilder.app.controller.ControllerExitCodes;
import io.primehub.imagebuilder.app.controller.ControllerRuntime;
import io.primehub.imagebuilder.app.controller.CrdInstaller;
import io.primehub.imagebuilder.app.embed.ControllerService;
import io.primehub.imagebuilder.app.inject.ForImageBuilder;
import io.primehub.imagebuilder.app.inject.ImageBuilderModule;
import io.primehub.imagebuilder.app.metrics.PrometheusMetrics;
import io.primehub.imagebuilder.k8s.ControllerMetrics;
import io.primehub.imagebuilder.k8s.DryRunWrites;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code image-builder controller}: the standalone controller, as its Deployment runs it. */
@Command(
        name = "controller",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the controller: turns ImageSpecs into ImageSpecJobs and build pods, until stopped.",
            "Settings come from the environment, then the .env file, then the --config YAML file, then PrimeHub's"
                    + " --primehub-config (see docs/controller.md).",
            "Connects in-cluster, or through KUBECONFIG. Serves /healthz, /readyz and /metrics (Prometheus)."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped on request (SIGTERM)",
            "1:could not start (API server unreachable, CRDs not installable, health port taken)",
            "3:invalid configuration; every problem is printed, each naming its key",
            "4:lost the leader Lease; the Deployment restarts the replica"
        })
public final class ControllerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerCommand.class);

    @ParentCommand
    Main parent;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A YAML file of settings (camelCase keys, such as customImageBuildDeadline); the"
                    + " environment and the .env file win over it.")
    Path configFile;

    @Option(
            names = "--primehub-config",
            paramLabel = "FILE",
            description = "PrimeHub's own controller config.yaml (the chart's <release>-controller-config ConfigMap):"
                    + " its customImage section is read below every other source (as"
                    + " PRIMEHUB_CUSTOM_IMAGE_PRIMEHUB_CONFIG).")
    Path primeHubConfig;

    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            defaultValue = ".env",
            description =
                    "A .env file with PRIMEHUB_* settings; the environment wins over it (default: ${DEFAULT-VALUE};"
                            + " a missing file is fine).")
    Path envFile;

    @Option(
            names = "--install-crds",
            description = "Create or update the CRDs at start (as PRIMEHUB_CUSTOM_IMAGE_INSTALL_CRDS=true); needs the"
                    + " optional CRD ClusterRole.")
    boolean installCrds;

    @Option(
            names = "--dry-run",
            description = "Watch and decide as usual, but make no write: each write the controller would make is sent"
                    + " as a server-side dry run and logged in one line. Takes no Lease and installs no CRD.")
    boolean dryRun;

    @Override
    public Integer call() {
        ImageBuilderConfig config = dryRun ? loadConfig().forDryRun() : loadConfig();
        PrometheusMetrics metrics = new PrometheusMetrics(BuildInfo.current());
        Injector injector = Guice.createInjector(
                new ImageBuilderModule(config),
                binder -> OptionalBinder.newOptionalBinder(
                                binder, Key.get(ControllerMetrics.class, ForImageBuilder.class))
                        .setBinding()
                        .toInstance(metrics));
        ApiClient client = metrics.instrument(apiClient(injector));
        if (dryRun) {
            // The injector's one client, also the controller's: every write it sends from now on is a dry run.
            DryRunWrites.applyTo(client);
            LOG.info(
                    "Dry run: nothing is written; every write the controller would make is logged as 'dry run: would ...'");
        }
        CompletableFuture<Integer> exitStatus = new CompletableFuture<>();
        ControllerRuntime runtime = ControllerRuntime.forConfig(
                config,
                client,
                injector.getInstance(ControllerService.class),
                CrdInstaller.shipped(),
                exitStatus::complete,
                Optional.of(metrics));

        Thread shutdown = new Thread(
                () -> {
                    runtime.close();
                    exitStatus.complete(ControllerExitCodes.STOPPED);
                },
                "image-builder-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            runtime.start();
            return exitStatus.join();
        } finally {
            runtime.close();
            removeHook(shutdown);
        }
    }

    private ImageBuilderConfig loadConfig() {
        Main.CliContext context = parent.context;
        try {
            ImageBuilderConfig config = ImageBuilderConfig.load(
                    context.env(), envFile, configFile, primeHubConfig, context.workingDirectory());
            return installCrds ? config.withInstallCrds(true) : config;
        } catch (ConfigException e) {
            throw new ConfigurationProblem(e.getMessage());
        }
    }

    private static ApiClient apiClient(Injector injector) {
        try {
            return injector.getInstance(Key.get(ApiClient.class, ForImageBuilder.class));
        } catch (ProvisionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping: the hook runs, and closing twice is harmless.
        }
    }
}
