package io.primehub.imagebuilder.k8s.controller;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.primehub.imagebuilder.domain.reconcile.ConditionMessages;
import io.primehub.imagebuilder.domain.reconcile.SpecEvent;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on specs. Messages come from statuses, which never hold a secret; they are cut to
 * the length the API server accepts, never inside a surrogate pair. A failed recording is logged and dropped: events are best effort.
 */
public final class EventRecorder {

    public static final String COMPONENT = "primehub-image-builder";
    private static final int MAX_MESSAGE = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final CoreV1Api core;
    private final Clock clock;

    public EventRecorder(CoreV1Api core, Clock clock) {
        this.core = core;
        this.clock = clock;
    }

    public void record(KubernetesObject subject, SpecEvent event) {
        V1ObjectMeta meta = subject.getMetadata();
        OffsetDateTime now =
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        String message = ConditionMessages.fit(event.message(), MAX_MESSAGE);
        CoreV1Event body = new CoreV1Event()
                .metadata(new V1ObjectMeta().generateName(meta.getName() + ".").namespace(meta.getNamespace()))
                .involvedObject(new V1ObjectReference()
                        .apiVersion(subject.getApiVersion())
                        .kind(subject.getKind())
                        .name(meta.getName())
                        .namespace(meta.getNamespace())
                        .uid(meta.getUid())
                        .resourceVersion(meta.getResourceVersion()))
                .type(event.warning() ? "Warning" : "Normal")
                .reason(event.reason())
                .message(message)
                .source(new V1EventSource().component(COMPONENT))
                .reportingComponent(COMPONENT)
                .reportingInstance(COMPONENT)
                .firstTimestamp(now)
                .lastTimestamp(now)
                .count(1);
        try {
            core.createNamespacedEvent(meta.getNamespace(), body).execute();
        } catch (ApiException e) {
            LOG.warn(
                    "could not record event {} on {}/{}: HTTP {}",
                    event.reason(),
                    meta.getNamespace(),
                    meta.getName(),
                    e.getCode());
        }
    }
}
