package io.primehub.imagebuilder.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Demotes to DEBUG, without a stack trace, what client-java's informers and leader elector log, with a stack trace,
 * when they are stopped.
 *
 * <p>An informer's threads wait on blocking queues and end only when interrupted, so every orderly shutdown makes
 * client-java log {@code processor interrupted} and {@code DefaultController#processLoop get interrupted} at ERROR
 * with an {@code InterruptedException}'s stack trace, once per thread; and an event delivered in the last moment of a
 * stop meets a processor whose listeners are gone ({@code NullPointerException} in {@code SharedProcessor.distribute},
 * logged as "processLoop recovered from crashing"); and the leader elector, closed while it renews, logs
 * "leaseWorkers were closed" with a {@code RejectedExecutionException}'s stack trace. Those lines are written by the
 * library, so they are mended here, in the logging configuration of the standalone controller: a line of INFO or
 * above from a {@code io.kubernetes.client} logger whose exception is one of these becomes one DEBUG line with its
 * message. Everything else passes untouched. A service that embeds the image builder with Logback can add the same filter
 * ({@code <turboFilter class="io.primehub.imagebuilder.app.logging.ExpectedInterrupts"/>}).
 */
public final class ExpectedInterrupts extends TurboFilter {

    static final String CLIENT_LOGGERS = "io.kubernetes.client.";
    private static final String SHARED_PROCESSOR = "io.kubernetes.client.informer.cache.SharedProcessor";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null
                || !level.isGreaterOrEqual(Level.INFO)
                || !logger.getName().startsWith(CLIENT_LOGGERS)) {
            return FilterReply.NEUTRAL;
        }
        Throwable thrown = t;
        Object[] arguments = params;
        if (thrown == null) {
            thrown = MessageFormatter.getThrowableCandidate(params);
            if (thrown != null) {
                arguments = MessageFormatter.trimmedCopy(params);
            }
        }
        if (!isInterrupt(thrown) && !isStoppedProcessor(thrown) && !(thrown instanceof RejectedExecutionException)) {
            return FilterReply.NEUTRAL;
        }
        if (logger.isDebugEnabled()) {
            logger.debug("{} (expected at shutdown)", MessageFormatter.basicArrayFormat(format, arguments));
        }
        return FilterReply.DENY;
    }

    /** The informer's processor, already stopped, asked to distribute one more event. */
    private static boolean isStoppedProcessor(Throwable thrown) {
        if (!(thrown instanceof NullPointerException) || thrown.getStackTrace().length == 0) {
            return false;
        }
        StackTraceElement top = thrown.getStackTrace()[0];
        return SHARED_PROCESSOR.equals(top.getClassName()) && "distribute".equals(top.getMethodName());
    }

    private static boolean isInterrupt(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }
}
