package io.primehub.imagebuilder.registry.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.event.Level;

/** What the code under test logged, with stack traces rendered, so a test can search all of it. */
public final class RecordedLogs {

    public record Event(Level level, String logger, String message, Throwable throwable) {

        /** The message and, when there is one, the whole stack trace with every cause. */
        public String fullText() {
            if (throwable == null) {
                return message;
            }
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            return message + "\n" + trace;
        }
    }

    private static final List<Event> EVENTS = new ArrayList<>();

    private RecordedLogs() {}

    static synchronized void record(Event event) {
        EVENTS.add(event);
    }

    public static synchronized List<Event> events() {
        return List.copyOf(EVENTS);
    }

    public static synchronized void clear() {
        EVENTS.clear();
    }
}
