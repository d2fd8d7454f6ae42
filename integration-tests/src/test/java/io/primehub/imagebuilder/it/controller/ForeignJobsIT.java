package io.primehub.imagebuilder.it.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.reconcile.BuildPodNames;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.k8s.ImageBuilderController;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobSpec;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobStatus;
import io.primehub.imagebuilder.k8s.resource.PackagesField;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jobs that no {@code ImageSpec} or {@code Image} owns are not this controller's work: a job shaped like one of the
 * {@code Image} path (named after an Image, labelled {@code app: primehub-image}, its build run by someone's pod) but
 * with no owner is left exactly as it is, while the controller builds the specs beside it.
 */
@SuppressWarnings("try")
@KubernetesCluster
class ForeignJobsIT {

    private static final String BASE = "jupyter/base-notebook:latest";
    private static final String UPDATE_TIME = "2026-12-01T08:00:00Z";

    @Test
    void aJobNoImageSpecOrImageOwnsGetsNoPodAndNoWrite(ApiClient client, TestNamespace namespace) throws Exception {
        ControllerHarness k8s = new ControllerHarness(client, namespace.name());
        ImageSpecJobResource foreign = new ImageSpecJobResource()
                .setMetadata(new V1ObjectMeta()
                        .name("notebook")
                        .namespace(namespace.name())
                        .labels(Map.of("app", "primehub-image", "image.primehub.io/name", "notebook"))
                        .annotations(Map.of("image.primehub.io/hash", "c9011819")))
                .setSpec(new ImageSpecJobSpec()
                        .setBaseImage(BASE)
                        .setPackages(new PackagesField().setApt(List.of("curl")))
                        .setTargetImage("notebook:c9011819")
                        .setRepoPrefix(ControllerHarness.REPO_PREFIX)
                        .setPushSecret("primehub-controller-custom-image-push-secret")
                        .setUpdateTime(UPDATE_TIME));
        ImageSpecJobResource created = ControllerHarness.ok(k8s.jobs.create(foreign));
        created.setStatus(new ImageSpecJobStatus().setPhase("Running").setPodName("image-notebook-x1y2"));
        String written = ControllerHarness.ok(k8s.jobs.updateStatus(created, ImageSpecJobResource::getStatus))
                .getMetadata()
                .getResourceVersion();

        // One worker per kind: the job queue hands out what the first list brought (the foreign job, were it queued)
        // before the marker's job, which is made later.
        try (ImageBuilderController controller =
                k8s.startController(client, ControllerHarness.configuredRegistry(), 1)) {
            k8s.createSpec("marker", BASE, List.of("git"), null, UPDATE_TIME);
            String markerJob =
                    ObjectNames.jobName("marker", Revision.of(BASE, new Packages(List.of("git"), null, null)));
            String markerPod = BuildPodNames.podName(markerJob, UPDATE_TIME);
            k8s.awaitPod(markerPod);

            // Once the marker's job has been reconciled, whatever the controller does about the foreign job is done.
            k8s.awaitReconciled("imagespecjob", markerJob);
            assertEquals(written, k8s.job("notebook").getMetadata().getResourceVersion());
            ImageSpecJobStatus status = k8s.job("notebook").getStatus();
            assertEquals("Running", status.getPhase());
            assertEquals("image-notebook-x1y2", status.getPodName());
            assertEquals(
                    List.of(markerPod),
                    k8s.pods().stream()
                            .map(V1Pod::getMetadata)
                            .map(V1ObjectMeta::getName)
                            .toList());
        }
    }
}
