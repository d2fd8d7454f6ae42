package io.primehub.imagebuilder.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogFormatTest {

    @Test
    void textIsTheDefaultJsonIsChosenByNameAndAnythingElseIsRefused() {
        assertEquals(Optional.of(Main.LOGGING_CONFIGURATION), Main.loggingConfiguration(null));
        assertEquals(Optional.of(Main.LOGGING_CONFIGURATION), Main.loggingConfiguration(""));
        assertEquals(Optional.of(Main.LOGGING_CONFIGURATION), Main.loggingConfiguration("text"));
        assertEquals(Optional.of(Main.JSON_LOGGING_CONFIGURATION), Main.loggingConfiguration(" JSON "));
        assertEquals(Optional.empty(), Main.loggingConfiguration("xml"));
    }

    /** The shipped JSON configuration, loaded by Logback: one object a line, with the reconcile's fields. */
    @Test
    void theJsonConfigurationWritesOneObjectALineWithTheMdcAsFields() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter()); // what slf4j's binding gives the process's own context
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(getClass().getClassLoader().getResource(Main.JSON_LOGGING_CONFIGURATION));
            MDC.put("namespace", "hub");
            MDC.put("name", "datasci-1a2b3c4d");
            MDC.put("revision", "1a2b3c4d");
            context.getLogger("io.primehub.imagebuilder.k8s")
                    .info("job {}: build pod {} created", "hub/datasci", "datasci-1a2b3c4d-5e6f7");
            context.getLogger("io.primehub.imagebuilder.k8s").warn("second line\nwith a newline");
        } finally {
            MDC.clear();
            context.stop();
            System.setErr(stderr);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), captured.toString(StandardCharsets.UTF_8));
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals("INFO", first.get("level").getAsString());
        assertEquals(
                "job hub/datasci: build pod datasci-1a2b3c4d-5e6f7 created",
                first.get("formattedMessage").getAsString());
        JsonObject mdc = first.getAsJsonObject("mdc");
        assertEquals("hub", mdc.get("namespace").getAsString());
        assertEquals("datasci-1a2b3c4d", mdc.get("name").getAsString());
        assertEquals("1a2b3c4d", mdc.get("revision").getAsString());
        assertTrue(first.has("timestamp") && first.has("loggerName") && first.has("threadName"), lines.get(0));
        assertEquals(
                "second line\nwith a newline",
                JsonParser.parseString(lines.get(1))
                        .getAsJsonObject()
                        .get("formattedMessage")
                        .getAsString());
    }
}
