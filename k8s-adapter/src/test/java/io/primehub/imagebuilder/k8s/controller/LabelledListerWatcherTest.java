package io.primehub.imagebuilder.k8s.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1ManagedFieldsEntry;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.options.ListOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The client's API is a narrow stand-in here: what is under test is what reaches the informer's cache. */
class LabelledListerWatcherTest {

    @SuppressWarnings("unchecked")
    private final GenericKubernetesApi<V1Pod, V1PodList> api = mock(GenericKubernetesApi.class);

    @Test
    void listsWithTheSelectorAndKeepsNoManagedFields() throws Exception {
        V1Pod pod = pod("build-1");
        when(api.list(eq("team"), any(ListOptions.class)))
                .thenReturn(new KubernetesApiResponse<>(new V1PodList().items(List.of(pod))));

        V1PodList list = new LabelledListerWatcher<>(api, "team", "app=primehub-custom-image")
                .list(new CallGeneratorParams(false, "42", 30));

        assertEquals(List.of(pod), list.getItems());
        assertNull(pod.getMetadata().getManagedFields());
        assertEquals(Map.of("app", "primehub-custom-image"), pod.getMetadata().getLabels(), "the rest is kept");
        ArgumentCaptor<ListOptions> options = ArgumentCaptor.forClass(ListOptions.class);
        verify(api).list(eq("team"), options.capture());
        assertEquals("app=primehub-custom-image", options.getValue().getLabelSelector());
        assertNull(
                options.getValue().getResourceVersion(), "a list reads the current state, exactly 42 may be compacted");
        assertEquals(LabelledListerWatcher.PAGE, options.getValue().getLimit());
    }

    @Test
    void readsALongListInPagesOfOneSnapshotAndSlimsEveryObject() throws Exception {
        V1Pod first = pod("build-1");
        V1Pod second = pod("build-2");
        V1Pod third = pod("build-3");
        when(api.list(any(ListOptions.class))).thenAnswer(call -> {
            ListOptions options = call.getArgument(0);
            return new KubernetesApiResponse<>(
                    options.getContinue() == null
                            ? new V1PodList()
                                    .metadata(new V1ListMeta()
                                            .resourceVersion("900")
                                            ._continue("page-2"))
                                    .items(new java.util.ArrayList<>(List.of(first, second)))
                            : new V1PodList()
                                    .metadata(new V1ListMeta())
                                    .items(new java.util.ArrayList<>(List.of(third))));
        });

        V1PodList list = new LabelledListerWatcher<V1Pod, V1PodList>(api, "", null, pod -> pod.setSpec(null))
                .list(new CallGeneratorParams(false, "0", 30));

        assertEquals(List.of(first, second, third), list.getItems());
        assertEquals("900", list.getMetadata().getResourceVersion(), "the snapshot the watch goes on from");
        assertNull(list.getMetadata().getContinue());
        list.getItems().forEach(pod -> {
            assertNull(pod.getMetadata().getManagedFields());
            assertNull(pod.getSpec(), "the slimmer ran on " + pod.getMetadata().getName());
        });
        ArgumentCaptor<ListOptions> options = ArgumentCaptor.forClass(ListOptions.class);
        verify(api, org.mockito.Mockito.times(2)).list(options.capture());
        ListOptions firstPage = options.getAllValues().get(0);
        ListOptions secondPage = options.getAllValues().get(1);
        assertEquals(LabelledListerWatcher.PAGE, firstPage.getLimit());
        assertNull(firstPage.getResourceVersion(), "resourceVersion 0 would make the API server ignore the limit");
        assertNull(firstPage.getContinue());
        assertEquals("page-2", secondPage.getContinue());
        assertNull(secondPage.getResourceVersion(), "a continued list takes none");
        assertEquals(LabelledListerWatcher.PAGE, secondPage.getLimit());
    }

    @Test
    @SuppressWarnings("unchecked")
    void watchedObjectsArriveWithoutManagedFields() throws Exception {
        Watchable<V1Pod> watch = mock(Watchable.class);
        V1Pod pod = pod("build-2");
        when(watch.hasNext()).thenReturn(true, false);
        when(watch.next()).thenReturn(new Watch.Response<>("MODIFIED", pod));
        when(api.watch(any(ListOptions.class))).thenReturn(watch);

        Watchable<V1Pod> slimmed =
                new LabelledListerWatcher<>(api, "", null).watch(new CallGeneratorParams(true, "7", 300));

        assertTrue(slimmed.hasNext());
        Watch.Response<V1Pod> response = slimmed.next();
        assertEquals("MODIFIED", response.type);
        assertEquals("build-2", response.object.getMetadata().getName());
        assertNull(response.object.getMetadata().getManagedFields());
        slimmed.close();
        verify(watch).close();
    }

    private static V1Pod pod(String name) {
        return new V1Pod()
                .spec(new io.kubernetes.client.openapi.models.V1PodSpec())
                .metadata(new V1ObjectMeta()
                        .name(name)
                        .labels(Map.of("app", "primehub-custom-image"))
                        .managedFields(List.of(
                                new V1ManagedFieldsEntry().manager("kubelet").operation("Update"),
                                new V1ManagedFieldsEntry()
                                        .manager("image-builder")
                                        .operation("Update"))));
    }
}
