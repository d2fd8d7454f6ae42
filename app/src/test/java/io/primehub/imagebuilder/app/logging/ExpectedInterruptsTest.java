package io.primehub.imagebuilder.app.logging;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExpectedInterruptsTest {

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void aContextWithTheFilter() {
        ExpectedInterrupts filter = new ExpectedInterrupts();
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        events.setContext(context);
        events.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(events);
        root.setLevel(Level.DEBUG);
    }

    @Test
    void theProcessorListenersInterruptAtShutdownBecomesOneDebugLineWithoutAStackTrace() {
        // As client-java's ProcessorListener logs it: the exception as the last argument of a one-placeholder format.
        context.getLogger("io.kubernetes.client.informer.cache.ProcessorListener")
                .error("processor interrupted: {}", new InterruptedException("sleep interrupted"));
        assertAll(
                () -> assertEquals(List.of(Level.DEBUG), levels()),
                () -> assertTrue(
                        events.list.get(0).getFormattedMessage().startsWith("processor interrupted"),
                        events.list.get(0).getFormattedMessage()),
                () -> assertNull(events.list.get(0).getThrowableProxy()));
    }

    @Test
    void theInformerLoopsInterruptIsDemotedToo() {
        InterruptedException interrupted = new InterruptedException();
        context.getLogger("io.kubernetes.client.informer.cache.Controller")
                .error("DefaultController#processLoop get interrupted {}", interrupted.getMessage(), interrupted);
        assertEquals(List.of(Level.DEBUG), levels());
    }

    @Test
    void nothingIsLoggedWhenDebugIsOff() {
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        context.getLogger("io.kubernetes.client.informer.cache.ProcessorListener")
                .error("processor interrupted: {}", new InterruptedException());
        assertEquals(List.of(), levels());
    }

    @Test
    void otherClientErrorsPassUntouched() {
        context.getLogger("io.kubernetes.client.informer.cache.ReflectorRunnable")
                .error("{}#Reflector loop failed unexpectedly", "V1Pod", new IllegalArgumentException("bad field"));
        assertAll(
                () -> assertEquals(List.of(Level.ERROR), levels()),
                () -> assertEquals(
                        "IllegalArgumentException",
                        events.list.get(0).getThrowableProxy().getClassName().replaceAll(".*\\.", "")));
    }

    @Test
    void anInterruptOutsideTheClientIsNotItsBusiness() {
        context.getLogger("io.primehub.imagebuilder.k8s.ImageBuilderController")
                .error("worker failed", new InterruptedException());
        assertEquals(List.of(Level.ERROR), levels());
    }

    private List<Level> levels() {
        return events.list.stream().map(ILoggingEvent::getLevel).toList();
    }

    @Test
    void anEventMeetingAStoppedProcessorIsDemotedToo() {
        NullPointerException stopped = new NullPointerException(
                "Cannot invoke \"java.util.List.iterator()\" because" + " \"this.listeners\" is null");
        stopped.setStackTrace(new StackTraceElement[] {
            new StackTraceElement(
                    "io.kubernetes.client.informer.cache.SharedProcessor", "distribute", "SharedProcessor.java", 126)
        });
        context.getLogger("io.kubernetes.client.informer.cache.Controller")
                .error("DefaultController#processLoop recovered from crashing {}", stopped.getMessage(), stopped);
        assertEquals(List.of(Level.DEBUG), levels());
    }

    @Test
    void anyOtherNullPointerInTheClientStaysAnError() {
        NullPointerException bug = new NullPointerException("something else");
        bug.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("io.kubernetes.client.informer.cache.DeltaFIFO", "pop", "DeltaFIFO.java", 1)
        });
        context.getLogger("io.kubernetes.client.informer.cache.Controller")
                .error("DefaultController#processLoop recovered from crashing {}", bug.getMessage(), bug);
        assertEquals(List.of(Level.ERROR), levels());
    }

    @Test
    void theLeaderElectorClosedWhileItRenewsLosesItsStackTrace() {
        // As client-java-extended's LeaderElector logs it when close() shut its workers down during a renewal.
        context.getLogger("io.kubernetes.client.extended.leaderelection.LeaderElector")
                .info("leaseWorkers were closed", new java.util.concurrent.RejectedExecutionException("Task rejected"));
        assertAll(
                () -> assertEquals(List.of(Level.DEBUG), levels()),
                () -> assertNull(events.list.get(0).getThrowableProxy()));
    }

    @Test
    void infoLinesWithoutAnExpectedExceptionPassUntouched() {
        context.getLogger("io.kubernetes.client.extended.leaderelection.LeaderElector")
                .info("Successfully acquired lease");
        assertEquals(List.of(Level.INFO), levels());
    }
}
