package io.primehub.imagebuilder.k8s.controller;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.ListOptions;
import java.io.IOException;
import java.util.Iterator;

/**
 * Lists and watches one kind in one namespace (or all, when empty), optionally only objects with a label. What it
 * hands the informer has no {@code metadata.managedFields}: the controller never reads them, and they are a large
 * part of each object that the informer's cache would otherwise keep (every writer of an object adds an entry with
 * the fields it owns). The controller writes with patches, so nothing it sends back is made from these copies.
 */
final class LabelledListerWatcher<T extends KubernetesObject, L extends KubernetesListObject>
        implements ListerWatcher<T, L> {

    private final GenericKubernetesApi<T, L> api;
    private final String namespace;
    private final String labelSelector;

    LabelledListerWatcher(GenericKubernetesApi<T, L> api, String namespace, String labelSelector) {
        this.api = api;
        this.namespace = namespace;
        this.labelSelector = labelSelector;
    }

    @Override
    public L list(CallGeneratorParams params) throws ApiException {
        ListOptions options = options(params);
        L list = (namespace.isEmpty() ? api.list(options) : api.list(namespace, options)).throwsApiException()
                .getObject();
        list.getItems().forEach(LabelledListerWatcher::slim);
        return list;
    }

    @Override
    public Watchable<T> watch(CallGeneratorParams params) throws ApiException {
        ListOptions options = options(params);
        return new Slimmed<>(namespace.isEmpty() ? api.watch(options) : api.watch(namespace, options));
    }

    private static void slim(KubernetesObject object) {
        if (object != null && object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
    }

    /** A watch whose objects are {@link #slim slimmed} as they arrive. */
    private record Slimmed<T extends KubernetesObject>(Watchable<T> watch) implements Watchable<T> {

        @Override
        public boolean hasNext() {
            return watch.hasNext();
        }

        @Override
        public Watch.Response<T> next() {
            Watch.Response<T> response = watch.next();
            slim(response.object);
            return response;
        }

        @Override
        public Iterator<Watch.Response<T>> iterator() {
            return this;
        }

        @Override
        public void close() throws IOException {
            watch.close();
        }
    }

    private ListOptions options(CallGeneratorParams params) {
        ListOptions options = new ListOptions();
        options.setResourceVersion(params.resourceVersion);
        options.setTimeoutSeconds(params.timeoutSeconds);
        if (labelSelector != null && !labelSelector.isEmpty()) {
            options.setLabelSelector(labelSelector);
        }
        return options;
    }
}
