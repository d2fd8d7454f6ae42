package io.primehub.imagebuilder.it.e2e;

import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.domain.port.BuiltImages;
import io.primehub.imagebuilder.domain.port.DockerfileRenderer;
import io.primehub.imagebuilder.domain.port.RegistryCredentials;
import io.primehub.imagebuilder.it.cluster.TestNode;
import io.primehub.imagebuilder.it.support.PrivateBaseRegistry;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.k8s.ControllerOptions;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.renderer.MustacheDockerfileRenderer;
import java.time.Clock;
import java.time.Duration;

/**
 * The product on one namespace, from real parts: the controller (real renderer, registry credentials of the test
 * registry) and a recorder of the jobs' phases; the namespace is admitted to the real {@link TestNode}, whose kubelet
 * runs the build pods. Closed in reverse.
 */
final class EndToEndStack implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    final JobPhaseRecorder phases;
    final ImageBuilderController controller;

    private EndToEndStack(JobPhaseRecorder phases, ImageBuilderController controller) {
        this.phases = phases;
        this.controller = controller;
    }

    /** Build pods as configured for the test registry (plain HTTP: insecure), with the given deadline. */
    static BuildPodSettings buildPods(PrivateBaseRegistry registry, Duration deadline) {
        return new BuildPodSettings(
                BuildPodSettings.DEFAULT_BUILDER_IMAGE,
                "500m",
                "1Gi",
                "2",
                "4Gi",
                "20Gi",
                deadline,
                registry.settings().insecure());
    }

    static EndToEndStack start(
            ApiClient client,
            TestNode node,
            String namespace,
            PrivateBaseRegistry registry,
            BuildPodSettings buildPods) {
        return start(client, node, namespace, registry.credentials(), buildPods);
    }

    /** As above, with the controller's registry credentials given: wrong ones, say. */
    static EndToEndStack start(
            ApiClient client,
            TestNode node,
            String namespace,
            RegistryCredentials credentials,
            BuildPodSettings buildPods) {
        return start(client, node, namespace, credentials, buildPods, new ControllerOptions(namespace, 2));
    }

    /** As above, with the controller's options given (a short time to live of finished pods, say). */
    static EndToEndStack start(
            ApiClient client,
            TestNode node,
            String namespace,
            RegistryCredentials credentials,
            BuildPodSettings buildPods,
            ControllerOptions options) {
        return start(client, node, namespace, credentials, BuiltImages.NONE, buildPods, options);
    }

    /** As above, with the registry asked whether a job's image is already built. */
    static EndToEndStack start(
            ApiClient client,
            TestNode node,
            String namespace,
            RegistryCredentials credentials,
            BuiltImages builtImages,
            BuildPodSettings buildPods,
            ControllerOptions options) {
        return start(
                client,
                node,
                namespace,
                new MustacheDockerfileRenderer(),
                credentials,
                builtImages,
                buildPods,
                options);
    }

    /** As above, with the renderer given. */
    static EndToEndStack start(
            ApiClient client,
            TestNode node,
            String namespace,
            DockerfileRenderer renderer,
            RegistryCredentials credentials,
            BuiltImages builtImages,
            BuildPodSettings buildPods,
            ControllerOptions options) {
        node.admit(client, namespace);
        JobPhaseRecorder phases = JobPhaseRecorder.start(client, namespace, START_TIMEOUT);
        ImageBuilderController controller = null;
        try {
            controller = new ImageBuilderController(
                    client, renderer, credentials, builtImages, buildPods, options, Clock.systemUTC());
            controller.start();
            await("the controller to be ready").atMost(START_TIMEOUT).until(controller::isReady);
            return new EndToEndStack(phases, controller);
        } catch (RuntimeException | Error e) {
            if (controller != null) {
                controller.close();
            }
            phases.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            controller.close();
        } finally {
            phases.close();
        }
    }
}
