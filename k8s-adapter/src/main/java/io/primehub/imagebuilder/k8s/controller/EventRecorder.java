package io.primehub.imagebuilder.k8s.controller;

import com.google.gson.JsonObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.util.PatchUtils;
import io.primehub.imagebuilder.domain.reconcile.ConditionMessages;
import io.primehub.imagebuilder.domain.reconcile.SpecEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on specs and Images as Kubernetes' components do ({@link EventCorrelator}): a repeated event
 * raises the count of the Event written first, many similar ones are combined, and a flood is cut. Each names its
 * reporter: {@code reportingComponent} (the {@code reportingController} of {@code events.k8s.io/v1}) and {@code
 * source.component} are {@value #COMPONENT}, {@code reportingInstance} is this replica's identity.
 *
 * <p>Messages come from statuses, which never hold a secret; they are cut to the length the API server accepts,
 * never inside a surrogate pair. A failed write is logged and dropped: events are best effort.
 */
public final class EventRecorder {

    public static final String COMPONENT = "primehub-image-builder";

    /** The longest {@code reportingInstance} the API server accepts. */
    static final int MAX_INSTANCE = 128;

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    /** Where Events are written: the API server, or a unit test's stand-in. */
    interface Sink {
        void create(CoreV1Event event) throws ApiException;

        /** Applies a strategic merge patch to the Event named as {@code event} is. */
        void patch(CoreV1Event event, String patch) throws ApiException;
    }

    private final Sink sink;
    private final Clock clock;
    private final String instance;
    private final EventCorrelator correlator = new EventCorrelator();
    private final AtomicBoolean patchRefusedLogged = new AtomicBoolean();

    /**
     * @param instance this replica's identity (its Lease holder identity, or its host name), cut to {@value
     *                 #MAX_INSTANCE} characters
     */
    public EventRecorder(CoreV1Api core, Clock clock, String instance) {
        this(apiServer(core), clock, instance);
    }

    EventRecorder(Sink sink, Clock clock, String instance) {
        this.sink = sink;
        this.clock = clock;
        this.instance = instance.length() > MAX_INSTANCE ? instance.substring(0, MAX_INSTANCE) : instance;
    }

    public void record(KubernetesObject subject, SpecEvent event) {
        V1ObjectMeta meta = subject.getMetadata();
        Instant now = clock.instant();
        OffsetDateTime second = OffsetDateTime.ofInstant(now, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        CoreV1Event body = new CoreV1Event()
                .metadata(new V1ObjectMeta().namespace(meta.getNamespace()))
                .involvedObject(new V1ObjectReference()
                        .apiVersion(subject.getApiVersion())
                        .kind(subject.getKind())
                        .name(meta.getName())
                        .namespace(meta.getNamespace())
                        .uid(meta.getUid())
                        .resourceVersion(meta.getResourceVersion()))
                .type(event.warning() ? "Warning" : "Normal")
                .reason(event.reason())
                .message(ConditionMessages.fit(event.message(), EventCorrelator.MAX_MESSAGE))
                .source(new V1EventSource().component(COMPONENT))
                .reportingComponent(COMPONENT)
                .reportingInstance(instance)
                .firstTimestamp(second)
                .lastTimestamp(second)
                .count(1);
        String where = meta.getNamespace() + "/" + meta.getName();
        Optional<EventCorrelator.Correlated> correlated = correlator.correlate(body, now);
        if (correlated.isEmpty()) {
            LOG.warn(
                    "event {} on {} not recorded: more than {} events for one object in a short time (one more is"
                            + " recorded every {} minutes, counting those left out)",
                    event.reason(),
                    where,
                    EventCorrelator.SPAM_BURST,
                    EventCorrelator.SPAM_REFILL.toMinutes());
            return;
        }
        if (correlated.get().patch()) {
            patch(body, event.reason(), where);
        } else {
            create(body, event.reason(), where);
        }
    }

    private void create(CoreV1Event body, String reason, String where) {
        try {
            sink.create(body);
        } catch (ApiException e) {
            correlator.forget(body);
            LOG.warn("could not record event {} on {}: HTTP {}", reason, where, e.getCode());
        }
    }

    /**
     * Raises the count of the Event written first. It may be gone (Events live an hour by default, and anyone may
     * delete them): it is then made again, keeping its count and first time, as Kubernetes does. An account that may
     * create Events but not patch them (rules from before the patch was needed) gets a new Event each time, and one
     * warning.
     */
    private void patch(CoreV1Event body, String reason, String where) {
        JsonObject patch = new JsonObject();
        patch.addProperty("count", body.getCount());
        patch.addProperty("lastTimestamp", DateTimeFormatter.ISO_INSTANT.format(body.getLastTimestamp()));
        patch.addProperty("message", body.getMessage());
        try {
            sink.patch(body, patch.toString());
        } catch (ApiException e) {
            if (e.getCode() == ApiErrors.NOT_FOUND) {
                create(body, reason, where);
            } else if (e.getCode() == ApiErrors.FORBIDDEN) {
                if (patchRefusedLogged.compareAndSet(false, true)) {
                    LOG.warn("the controller's account may not patch events: each repeated event is recorded as a new"
                            + " Event; grant events patch (deploy/rbac.yaml) to count them");
                }
                correlator.forget(body);
                body.getMetadata()
                        .name(null)
                        .generateName(body.getInvolvedObject().getName() + ".");
                create(body.count(1).firstTimestamp(body.getLastTimestamp()), reason, where);
            } else {
                // The Event stays as it was; the next occurrence patches it again with its count.
                LOG.warn("could not count event {} on {}: HTTP {}", reason, where, e.getCode());
            }
        }
    }

    private static Sink apiServer(CoreV1Api core) {
        return new Sink() {
            @Override
            public void create(CoreV1Event event) throws ApiException {
                core.createNamespacedEvent(event.getMetadata().getNamespace(), event)
                        .execute();
            }

            @Override
            public void patch(CoreV1Event event, String patch) throws ApiException {
                PatchUtils.patch(
                        CoreV1Event.class,
                        () -> core.patchNamespacedEvent(
                                        event.getMetadata().getName(),
                                        event.getMetadata().getNamespace(),
                                        new V1Patch(patch))
                                .buildCall(null),
                        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
                        core.getApiClient());
            }
        };
    }
}
