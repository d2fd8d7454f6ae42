package io.primehub.imagebuilder.k8s.controller;

import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.auth.ApiKeyAuth;
import io.kubernetes.client.openapi.auth.Authentication;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobOrigin;
import io.primehub.imagebuilder.k8s.build.BuildPodFactory;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageList;
import io.primehub.imagebuilder.k8s.resource.ImageResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobList;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The controller's informers, registered on one factory with no resync: specs, jobs (indexed by their spec or
 * Image), build pods (only those labelled {@code app} {@code primehub-custom-image} or {@code primehub-image}, as
 * PrimeHub labels the pods of both kinds, indexed by their job) and, where the cluster serves them, Images.
 *
 * @param images the Images' informer; null when the cluster does not serve the {@code images} resource
 */
public record Informers(
        SharedIndexInformer<ImageSpecResource> specs,
        SharedIndexInformer<ImageSpecJobResource> jobs,
        SharedIndexInformer<V1Pod> pods,
        SharedIndexInformer<ImageResource> images) {

    /** The label selector of build pods: the {@code app} values of both kinds' jobs. */
    public static final String BUILD_POD_SELECTOR = ImageSpecJob.APP_LABEL + " in ("
            + JobOrigin.IMAGE_SPEC.appLabelValue() + "," + JobOrigin.IMAGE.appLabelValue() + ")";

    private static final long NO_RESYNC = 0L;

    /**
     * Registers the informers on {@code factory}, with the build pods watched where the specs and jobs are.
     *
     * @param stopping whether the controller is stopping: a list or watch that ends then is what was asked for, and is
     *                 not reported as a failure
     * @param images   whether to watch Images (only where the cluster serves them: an informer of a resource that is
     *                 not served never syncs)
     */
    public static Informers register(
            SharedInformerFactory factory,
            ApiClient watchClient,
            String namespace,
            Clock clock,
            BooleanSupplier stopping,
            boolean images) {
        return register(factory, watchClient, namespace, namespace, clock, stopping, images);
    }

    /**
     * Registers the informers on {@code factory}.
     *
     * @param podNamespace the namespace of the build pods: a build namespace, else the watched one(s)
     */
    public static Informers register(
            SharedInformerFactory factory,
            ApiClient watchClient,
            String namespace,
            String podNamespace,
            Clock clock,
            BooleanSupplier stopping,
            boolean images) {
        SharedIndexInformer<ImageSpecResource> specs = factory.sharedIndexInformerFor(
                new LabelledListerWatcher<>(CustomResources.imageSpecs(watchClient), namespace, null),
                ImageSpecResource.class,
                NO_RESYNC,
                new ListWatchFailures<>(clock, stopping));
        SharedIndexInformer<ImageSpecJobResource> jobs = factory.sharedIndexInformerFor(
                new LabelledListerWatcher<ImageSpecJobResource, ImageSpecJobList>(
                        CustomResources.imageSpecJobs(watchClient), namespace, null),
                ImageSpecJobResource.class,
                NO_RESYNC,
                new ListWatchFailures<>(clock, stopping));
        OwnerIndex.install(jobs, ImageSpecResource.KIND, ImageResource.KIND);
        GenericKubernetesApi<V1Pod, V1PodList> podApi =
                new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods", watchClient);
        SharedIndexInformer<V1Pod> pods = factory.sharedIndexInformerFor(
                new LabelledListerWatcher<>(podApi, podNamespace, BUILD_POD_SELECTOR, Informers::slimBuildPod),
                V1Pod.class,
                NO_RESYNC,
                new ListWatchFailures<>(clock, stopping));
        OwnerIndex.installForBuildPods(
                pods, ImageSpecJobResource.KIND, podNamespace.equals(namespace) ? "" : podNamespace);
        SharedIndexInformer<ImageResource> imageInformer = !images
                ? null
                : factory.sharedIndexInformerFor(
                        new LabelledListerWatcher<ImageResource, ImageList>(
                                CustomResources.images(watchClient), namespace, null),
                        ImageResource.class,
                        NO_RESYNC,
                        new ListWatchFailures<>(clock, stopping));
        return new Informers(specs, jobs, pods, imageInformer);
    }

    /**
     * Drops what the controller never reads of a build pod: its spec (the largest part of it) and its Dockerfile
     * ({@link BuildPodFactory#DOCKERFILE_ANNOTATION}, up to a hundred KiB).
     */
    static void slimBuildPod(V1Pod pod) {
        pod.setSpec(null);
        if (pod.getMetadata() != null && pod.getMetadata().getAnnotations() != null) {
            pod.getMetadata().getAnnotations().remove(BuildPodFactory.DOCKERFILE_ANNOTATION);
        }
    }

    public boolean hasSynced() {
        return specs.hasSynced() && jobs.hasSynced() && pods.hasSynced() && (images == null || images.hasSynced());
    }

    /**
     * A client for long-lived watches: the caller's client with no read timeout (a watch is quiet while nothing
     * changes, and a read timeout would end it every few seconds), sharing its TLS settings, connection pool
     * and credentials.
     */
    public static ApiClient watchClient(ApiClient client) {
        ApiClient watch = new ApiClient(
                client.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build());
        watch.setBasePath(client.getBasePath());
        for (Map.Entry<String, Authentication> entry :
                client.getAuthentications().entrySet()) {
            if (entry.getValue() instanceof ApiKeyAuth source
                    && watch.getAuthentication(entry.getKey()) instanceof ApiKeyAuth target) {
                target.setApiKey(source.getApiKey());
                target.setApiKeyPrefix(source.getApiKeyPrefix());
            }
        }
        return watch;
    }
}
