package io.primehub.imagebuilder.it.e2e;

import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.it.support.PrivateBaseRegistry;
import io.primehub.imagebuilder.k8s.BuildPodSettings;
import io.primehub.imagebuilder.k8s.ControllerOptions;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.renderer.MustacheDockerfileRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

/**
 * The product on one namespace, from real parts: the controller (real renderer, registry credentials of the test
 * registry), the local kubelet that runs its build pods, and a recorder of the jobs' phases. Closed in reverse.
 */
final class EndToEndStack implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    final JobPhaseRecorder phases;
    final LocalKubelet kubelet;
    final ImageBuilderController controller;

    private EndToEndStack(JobPhaseRecorder phases, LocalKubelet kubelet, ImageBuilderController controller) {
        this.phases = phases;
        this.kubelet = kubelet;
        this.controller = controller;
    }

    /** Build pods as configured for the test registry (plain HTTP: insecure), with the given deadline. */
    static BuildPodSettings buildPods(PrivateBaseRegistry registry, Duration deadline) {
        return new BuildPodSettings("primehub-image-builder/buildah:0.1.0", "500m", "1Gi", "2", "4Gi", "20Gi",
                deadline, registry.settings().insecure());
    }

    static EndToEndStack start(ApiClient client, String namespace, PrivateBaseRegistry registry, BuildPodSettings buildPods) {
        JobPhaseRecorder phases = JobPhaseRecorder.start(client, namespace, START_TIMEOUT);
        LocalKubelet kubelet = null;
        ImageBuilderController controller = null;
        try {
            kubelet = LocalKubelet.start(client, namespace, START_TIMEOUT);
            controller = new ImageBuilderController(client, new MustacheDockerfileRenderer(), registry.credentials(),
                    buildPods, new ControllerOptions(namespace, 2), Clock.systemUTC());
            controller.start();
            await("the controller to be ready").atMost(START_TIMEOUT).until(controller::isReady);
            return new EndToEndStack(phases, kubelet, controller);
        } catch (IOException e) {
            phases.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            if (controller != null) {
                controller.close();
            }
            if (kubelet != null) {
                kubelet.close();
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
            try {
                kubelet.close();
            } finally {
                phases.close();
            }
        }
    }
}
