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
import java.util.List;
import java.util.function.Consumer;

/**
 * Lists and watches one kind in one namespace (or all, when empty), optionally only objects with a label.
 *
 * <p>A list is read in pages of {@value #PAGE} objects (a consistent snapshot: the pages share one resourceVersion),
 * so that a controller with tens of thousands of objects never holds one whole list's JSON and its parse at once: at
 * 10,000 specs, one-piece lists of specs, jobs and pods, read together at start, ran a 256 MiB heap out of memory.
 *
 * <p>What it hands the informer is slimmed: no {@code metadata.managedFields} (the controller never reads them, and
 * every writer of an object adds an entry with the fields it owns), and whatever else {@code slimmer} drops. The
 * controller writes with patches, so nothing it sends back is made from these copies.
 */
final class LabelledListerWatcher<T extends KubernetesObject, L extends KubernetesListObject>
        implements ListerWatcher<T, L> {

    /** Objects per page of a list. */
    static final int PAGE = 500;

    private final GenericKubernetesApi<T, L> api;
    private final String namespace;
    private final String labelSelector;
    private final Consumer<T> slimmer;

    LabelledListerWatcher(GenericKubernetesApi<T, L> api, String namespace, String labelSelector) {
        this(api, namespace, labelSelector, object -> {});
    }

    /** @param slimmer drops, from each object the informer gets, what the controller does not read */
    LabelledListerWatcher(GenericKubernetesApi<T, L> api, String namespace, String labelSelector, Consumer<T> slimmer) {
        this.api = api;
        this.namespace = namespace;
        this.labelSelector = labelSelector;
        this.slimmer = slimmer;
    }

    @Override
    @SuppressWarnings("unchecked") // the list's items are its own list of T (Gson makes a mutable ArrayList)
    public L list(CallGeneratorParams params) throws ApiException {
        L list = page(params, null);
        List<T> items = (List<T>) list.getItems();
        items.forEach(this::slim);
        String next = list.getMetadata() == null ? null : list.getMetadata().getContinue();
        while (next != null && !next.isEmpty()) {
            L page = page(params, next);
            page.getItems().forEach(object -> {
                slim((T) object);
                items.add((T) object);
            });
            next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        }
        if (list.getMetadata() != null) {
            list.getMetadata().setContinue(null);
        }
        return list;
    }

    /** The first page of the list, or the one {@code next} (a continue token) points at. */
    private L page(CallGeneratorParams params, String next) throws ApiException {
        ListOptions options = options(params);
        options.setLimit(PAGE);
        // The current state, which pages: "any version the cache has" (0) ignores limit, and with limit another version
        // is read exactly, from etcd, and fails once compacted; a continued list takes none.
        options.setResourceVersion(null);
        options.setContinue(next);
        return page(options);
    }

    private L page(ListOptions options) throws ApiException {
        return (namespace.isEmpty() ? api.list(options) : api.list(namespace, options))
                .throwsApiException()
                .getObject();
    }

    @Override
    public Watchable<T> watch(CallGeneratorParams params) throws ApiException {
        ListOptions options = options(params);
        return new Slimmed<>(namespace.isEmpty() ? api.watch(options) : api.watch(namespace, options), this::slim);
    }

    private void slim(T object) {
        if (object != null && object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
            slimmer.accept(object);
        }
    }

    /** A watch whose objects are slimmed as they arrive. */
    private record Slimmed<T extends KubernetesObject>(Watchable<T> watch, Consumer<T> slim) implements Watchable<T> {

        @Override
        public boolean hasNext() {
            return watch.hasNext();
        }

        @Override
        public Watch.Response<T> next() {
            Watch.Response<T> response = watch.next();
            if (response.object != null) {
                slim.accept(response.object);
            }
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
