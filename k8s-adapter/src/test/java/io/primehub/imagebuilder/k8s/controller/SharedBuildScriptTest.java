package io.primehub.imagebuilder.k8s.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.primehub.imagebuilder.k8s.build.BuildScriptConfigMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The reads and writes of the shared script's ConfigMap, counted at the API client's edge. */
class SharedBuildScriptTest {

    private static final String SCRIPT = "#!/usr/bin/env bash\necho build\n";
    private static final String NAME = BuildScriptConfigMap.name(SCRIPT);

    private final CoreV1Api core = mock(CoreV1Api.class);
    private final CoreV1Api.APIreadNamespacedConfigMapRequest read =
            mock(CoreV1Api.APIreadNamespacedConfigMapRequest.class);
    private final CoreV1Api.APIcreateNamespacedConfigMapRequest create =
            mock(CoreV1Api.APIcreateNamespacedConfigMapRequest.class);
    private final CoreV1Api.APIreplaceNamespacedConfigMapRequest replace =
            mock(CoreV1Api.APIreplaceNamespacedConfigMapRequest.class);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SharedBuildScript script = new SharedBuildScript(core, SCRIPT, now::get);

    @BeforeEach
    void calls() {
        when(core.readNamespacedConfigMap(eq(NAME), any())).thenReturn(read);
        when(core.createNamespacedConfigMap(any(), any())).thenReturn(create);
        when(core.replaceNamespacedConfigMap(eq(NAME), any(), any())).thenReturn(replace);
    }

    @Test
    void makesTheConfigMapWhereItIsMissingAndReadsANamespaceAgainOnlyAfterTheRecheckPeriod() throws Exception {
        when(read.execute()).thenThrow(new ApiException(404, "not found"));

        script.ensure("hub");
        script.ensure("hub");
        now.addAndGet(SharedBuildScript.RECHECK.toNanos() - 1);
        script.ensure("hub");

        ArgumentCaptor<V1ConfigMap> made = ArgumentCaptor.forClass(V1ConfigMap.class);
        verify(core, times(1)).readNamespacedConfigMap(NAME, "hub");
        verify(core, times(1)).createNamespacedConfigMap(eq("hub"), made.capture());
        assertEquals(Map.of(BuildScriptConfigMap.KEY, SCRIPT), made.getValue().getData());
        assertEquals(NAME, made.getValue().getMetadata().getName());
        assertEquals(BuildScriptConfigMap.LABELS, made.getValue().getMetadata().getLabels());

        now.addAndGet(1);
        script.ensure("hub");
        script.ensure("other");
        verify(core, times(2)).readNamespacedConfigMap(NAME, "hub");
        verify(core, times(1)).readNamespacedConfigMap(NAME, "other");
    }

    @Test
    void leavesAConfigMapWithTheScriptAsItIs() throws Exception {
        when(read.execute()).thenReturn(BuildScriptConfigMap.configMap("hub", SCRIPT));

        script.ensure("hub");

        verify(core, never()).createNamespacedConfigMap(any(), any());
        verify(core, never()).replaceNamespacedConfigMap(any(), any(), any());
    }

    @Test
    void putsBackAScriptChangedByHand() throws Exception {
        when(read.execute())
                .thenReturn(new V1ConfigMap()
                        .metadata(new V1ObjectMeta().name(NAME).namespace("hub").resourceVersion("7"))
                        .data(Map.of(BuildScriptConfigMap.KEY, "echo changed")));

        script.ensure("hub");

        ArgumentCaptor<V1ConfigMap> replaced = ArgumentCaptor.forClass(V1ConfigMap.class);
        verify(core).replaceNamespacedConfigMap(eq(NAME), eq("hub"), replaced.capture());
        assertEquals(
                Map.of(BuildScriptConfigMap.KEY, SCRIPT), replaced.getValue().getData());
        assertEquals("7", replaced.getValue().getMetadata().getResourceVersion(), "a replace of what was read");
    }

    @Test
    void aConfigMapMadeMeanwhileByAnotherReplicaIsNoError() throws Exception {
        // Not there when read; there (with this script: the name is its digest) when created; read again to compare.
        when(read.execute())
                .thenThrow(new ApiException(404, "not found"))
                .thenReturn(new V1ConfigMap()
                        .metadata(new V1ObjectMeta().name(NAME).namespace("hub").resourceVersion("3"))
                        .data(Map.of(BuildScriptConfigMap.KEY, SCRIPT)));
        when(create.execute()).thenThrow(new ApiException(409, "already exists"));

        script.ensure("hub");
        script.ensure("hub");

        verify(core, times(2)).readNamespacedConfigMap(NAME, "hub");
        verify(core, never()).replaceNamespacedConfigMap(any(), any(), any());
    }

    @Test
    void aFailureIsThrownAndTheNamespaceIsReadAgainNextTime() throws Exception {
        when(read.execute()).thenThrow(new ApiException(403, "forbidden"));

        ApiException thrown = assertThrows(ApiException.class, () -> script.ensure("hub"));
        assertEquals(403, thrown.getCode());
        assertThrows(ApiException.class, () -> script.ensure("hub"));
        verify(core, times(2)).readNamespacedConfigMap(NAME, "hub");
        verify(core, never()).createNamespacedConfigMap(any(), any());
    }

    @Test
    void theNameIsTheContentsDigestSoAnotherScriptHasAnotherName() {
        assertTrue(NAME.matches(BuildScriptConfigMap.NAME_PREFIX + "[0-9a-f]{16}"), NAME);
        assertEquals(NAME, BuildScriptConfigMap.name(SCRIPT));
        assertTrue(!NAME.equals(BuildScriptConfigMap.name(SCRIPT + " ")));
        assertTrue(NAME.length() <= 63, "a valid label value too, should anyone select by it");
    }
}
