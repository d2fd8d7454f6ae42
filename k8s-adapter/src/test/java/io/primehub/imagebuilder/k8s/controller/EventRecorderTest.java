package io.primehub.imagebuilder.k8s.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.primehub.imagebuilder.domain.reconcile.SpecEvent;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

    private static final SpecEvent FAILED = new SpecEvent(true, "BuildFailed", "PullFailed: manifest unknown");

    /** What the recorder sent, in order; each patch answers with the next code queued (none: 200). */
    private static final class RecordingSink implements EventRecorder.Sink {
        final List<CoreV1Event> created = new ArrayList<>();
        final List<String> patches = new ArrayList<>();
        final List<String> patchedNames = new ArrayList<>();
        final Deque<Integer> patchAnswers = new ArrayDeque<>();
        final Deque<Integer> createAnswers = new ArrayDeque<>();

        @Override
        public void create(CoreV1Event event) throws ApiException {
            Integer code = createAnswers.poll();
            if (code != null) {
                throw new ApiException(code, "refused");
            }
            created.add(event);
        }

        @Override
        public void patch(CoreV1Event event, String patch) throws ApiException {
            patchedNames.add(event.getMetadata().getName());
            patches.add(patch);
            Integer code = patchAnswers.poll();
            if (code != null) {
                throw new ApiException(code, "refused");
            }
        }
    }

    /** A clock whose time the test moves. */
    private static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-12-02T10:00:00.5Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final RecordingSink sink = new RecordingSink();
    private final StepClock clock = new StepClock();
    private final EventRecorder recorder = new EventRecorder(sink, clock, "replica-1");
    private final V1ConfigMap subject = new V1ConfigMap()
            .apiVersion("v1")
            .kind("ConfigMap")
            .metadata(new V1ObjectMeta().name("s").namespace("hub").uid("uid-1"));

    @Test
    void aLongMessageIsCutWithoutSplittingASurrogatePair() throws Exception {
        for (int shift = 0; shift < 2; shift++) {
            recorder.record(
                    subject, new SpecEvent(true, "BuildFailed", "x".repeat(shift) + "\uD83D\uDE80".repeat(2000)));
        }

        assertEquals(2, sink.created.size());
        for (CoreV1Event event : sink.created) {
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
            assertEquals(EventRecorder.COMPONENT, event.getSource().getComponent());
        }
    }

    @Test
    void aRepeatPatchesTheCountTheLastTimeAndTheMessageOfTheEventCreatedFirst() {
        recorder.record(subject, FAILED);
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        recorder.record(subject, FAILED);

        assertEquals(1, sink.created.size());
        assertEquals(List.of(sink.created.get(0).getMetadata().getName()), sink.patchedNames);
        JsonObject patch = JsonParser.parseString(sink.patches.get(0)).getAsJsonObject();
        assertEquals(3, patch.size(), patch.toString());
        assertEquals(2, patch.get("count").getAsInt());
        assertEquals("2026-12-02T10:02:00Z", patch.get("lastTimestamp").getAsString());
        assertEquals(FAILED.message(), patch.get("message").getAsString());
    }

    @Test
    void anEventGoneWhenItsRepeatComesIsMadeAgainWithItsCountAndFirstTime() {
        recorder.record(subject, FAILED);
        CoreV1Event first = sink.created.get(0);
        clock.now = clock.now.plus(Duration.ofHours(2));
        sink.patchAnswers.add(404);

        recorder.record(subject, FAILED);

        assertEquals(2, sink.created.size());
        CoreV1Event again = sink.created.get(1);
        assertEquals(first.getMetadata().getName(), again.getMetadata().getName());
        assertEquals(2, again.getCount());
        assertEquals(first.getFirstTimestamp(), again.getFirstTimestamp());
        assertEquals(first.getLastTimestamp().plusHours(2), again.getLastTimestamp());
    }

    @Test
    void anAccountThatMayNotPatchGetsEveryRepeatAsANewEvent() {
        sink.patchAnswers.add(403);
        for (int i = 0; i < 3; i++) {
            recorder.record(subject, FAILED);
        }

        assertEquals(3, sink.created.size(), "no occurrence is lost");
        CoreV1Event fallback = sink.created.get(1);
        assertNull(fallback.getMetadata().getName());
        assertEquals("s.", fallback.getMetadata().getGenerateName());
        assertEquals(1, fallback.getCount());
        assertNotEquals(
                sink.created.get(0).getMetadata().getName(),
                sink.created.get(2).getMetadata().getName(),
                "the one after is created under a name of its own");
    }

    @Test
    void aFailedCreateIsForgottenAndAFailedPatchIsNot() {
        sink.createAnswers.add(500);
        recorder.record(subject, FAILED);
        recorder.record(subject, FAILED);
        assertEquals(1, sink.created.size(), "after a failed create, the next occurrence creates");
        assertEquals(List.of(), sink.patches);

        sink.patchAnswers.add(500);
        recorder.record(subject, FAILED);
        recorder.record(subject, FAILED);
        assertEquals(1, sink.created.size());
        assertEquals(2, sink.patches.size(), "after a failed patch, the Event is patched again");
        assertEquals(
                3,
                JsonParser.parseString(sink.patches.get(1))
                        .getAsJsonObject()
                        .get("count")
                        .getAsInt());
    }

    @Test
    void aLongIdentityIsCutToWhatTheApiServerAccepts() {
        new EventRecorder(sink, clock, "r".repeat(300)).record(subject, FAILED);

        assertEquals(
                EventRecorder.MAX_INSTANCE,
                sink.created.get(0).getReportingInstance().length());
    }
}
