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
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobList;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecList;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The controller's three informers, registered on one factory with no resync: specs, jobs (indexed by their
 * spec) and build pods (only those labelled {@code app=primehub-custom-image}, indexed by their job).
 */
public record Informers(
        SharedIndexInformer<ImageSpecResource> specs,
        SharedIndexInformer<ImageSpecJobResource> jobs,
        SharedIndexInformer<V1Pod> pods) {

    private static final long NO_RESYNC = 0L;

    /**
     * @param stopping whether the controller is stopping: a list or watch that ends then is what was asked for, and is
     *                 not reported as a failure
     */
    public static Informers register(SharedInformerFactory factory, ApiClient watchClient, String namespace,
                                     Clock clock, BooleanSupplier stopping) {
        SharedIndexInformer<ImageSpecResource> specs = factory.sharedIndexInformerFor(
                new LabelledListerWatcher<>(CustomResources.imageSpecs(watchClient), namespace, null),
                ImageSpecResource.class, NO_RESYNC, new ListWatchFailures<>(clock, stopping));
        SharedIndexInformer<ImageSpecJobResource> jobs = factory.sharedIndexInformerFor(
                new LabelledListerWatcher<ImageSpecJobResource, ImageSpecJobList>(
                        CustomResources.imageSpecJobs(watchClient), namespace, null),
                ImageSpecJobResource.class, NO_RESYNC, new ListWatchFailures<>(clock, stopping));
        OwnerIndex.install(jobs, ImageSpecResource.KIND);
        GenericKubernetesApi<V1Pod, V1PodList> podApi =
                new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods", watchClient);
        SharedIndexInformer<V1Pod> pods = factory.sharedIndexInformerFor(
                new LabelledListerWatcher<>(podApi, namespace, ImageSpecJob.APP_LABEL + "=" + ImageSpecJob.APP_LABEL_VALUE),
                V1Pod.class, NO_RESYNC, new ListWatchFailures<>(clock, stopping));
        OwnerIndex.install(pods, ImageSpecJobResource.KIND);
        return new Informers(specs, jobs, pods);
    }

    public boolean hasSynced() {
        return specs.hasSynced() && jobs.hasSynced() && pods.hasSynced();
    }

    /**
     * A client for long-lived watches: the caller's client with no read timeout (a watch is quiet while nothing
     * changes, and a read timeout would end it every few seconds), sharing its TLS settings, connection pool
     * and credentials.
     */
    public static ApiClient watchClient(ApiClient client) {
        ApiClient watch = new ApiClient(client.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build());
        watch.setBasePath(client.getBasePath());
        for (Map.Entry<String, Authentication> entry : client.getAuthentications().entrySet()) {
            if (entry.getValue() instanceof ApiKeyAuth source
                    && watch.getAuthentication(entry.getKey()) instanceof ApiKeyAuth target) {
                target.setApiKey(source.getApiKey());
                target.setApiKeyPrefix(source.getApiKeyPrefix());
            }
        }
        return watch;
    }
}
