package io.primehub.imagebuilder.k8s.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.primehub.imagebuilder.domain.reconcile.SpecEvent;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class EventRecorderTest {

    @Test
    void aLongMessageIsCutWithoutSplittingASurrogatePair() throws Exception {
        CoreV1Api core = mock(CoreV1Api.class);
        CoreV1Api.APIcreateNamespacedEventRequest request = mock(CoreV1Api.APIcreateNamespacedEventRequest.class);
        when(core.createNamespacedEvent(eq("hub"), any())).thenReturn(request);
        EventRecorder recorder = new EventRecorder(
                core, Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC), "replica-1");
        V1ConfigMap subject = new V1ConfigMap()
                .apiVersion("v1")
                .kind("ConfigMap")
                .metadata(new V1ObjectMeta().name("s").namespace("hub"));

        for (int shift = 0; shift < 2; shift++) {
            recorder.record(
                    subject, new SpecEvent(true, "BuildFailed", "x".repeat(shift) + "\uD83D\uDE80".repeat(2000)));
        }

        ArgumentCaptor<CoreV1Event> events = ArgumentCaptor.forClass(CoreV1Event.class);
        verify(core, times(2)).createNamespacedEvent(eq("hub"), events.capture());
        for (CoreV1Event event : events.getAllValues()) {
            assertTrue(
                    event.getMessage().length() <= 1024,
                    "length " + event.getMessage().length());
            StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(event.getMessage()));
            assertEquals("BuildFailed", event.getReason());
            assertEquals("replica-1", event.getReportingInstance());
            assertEquals(EventRecorder.COMPONENT, event.getReportingComponent());
        }
    }
}
