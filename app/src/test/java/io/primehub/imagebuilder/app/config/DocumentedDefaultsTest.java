package io.primehub.imagebuilder.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.registry.RegistrySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defaults that {@code docs/controller.md}'s tables give are the defaults: for every key whose default is written
 * as one literal value, setting the key to that value gives the same configuration as leaving it unset. Read from the
 * documentation itself, so that a changed default and an unchanged table cannot both pass.
 */
class DocumentedDefaultsTest {

    private static final Path DOC = Path.of("..", "docs", "controller.md");
    /**
     * {@code | `KEY` | `value` |} or {@code | `KEY` | `value` (a remark) |}: a row whose default cell is one backticked
     * literal (not a placeholder with {@code <>} or {@code $}), perhaps with a remark in brackets.
     */
    private static final Pattern ROW =
            Pattern.compile("^\\| `(PRIMEHUB_[A-Z_]+)` \\| `([^`<>$]*)`(?: \\([^|]*\\))? \\|", Pattern.MULTILINE);

    private static final List<String> LOGGING =
            List.of("PRIMEHUB_CUSTOM_IMAGE_LOG_LEVEL", "PRIMEHUB_CUSTOM_IMAGE_LOG_FORMAT");

    @TempDir
    Path dir;

    @Test
    void settingADocumentedDefaultChangesNothing() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        assertTrue(documented.size() >= 25, "the tables were read: " + documented.keySet());

        // The one default that is not a value: a replica's identity is its host name and a random suffix. The registry
        // is configured, so that its keys are read (with the feature off they are not).
        Map<String, String> base = Map.of(
                ConfigKeys.LEADER_IDENTITY, "replica-1",
                RegistrySettings.FEATURE_KEY, "true",
                RegistrySettings.ENDPOINT_KEY, "https://registry.example.test",
                RegistrySettings.USERNAME_KEY, "builder",
                RegistrySettings.PASSWORD_KEY, "documented-defaults-test",
                RegistrySettings.REPO_PREFIX_KEY, "registry.example.test/team");
        // Read by the logging set-up (Main and the Logback files), not part of the configuration: LogFormatTest checks
        // the format's default, and the level's is the fallback written in logback.xml.
        documented.keySet().removeAll(LOGGING);
        List<String> wrong = new ArrayList<>();
        documented.forEach((key, value) -> {
            // Without the key, and with it set to what the documentation calls its default (the feature switch is
            // one of the base's keys: it is left out of both sides).
            Map<String, String> unset = new LinkedHashMap<>(base);
            unset.remove(key);
            Map<String, String> set = new LinkedHashMap<>(unset);
            set.put(key, value);
            if (!ImageBuilderConfig.load(set, null, null, dir)
                    .equals(ImageBuilderConfig.load(unset, null, null, dir))) {
                wrong.add(key + "=" + value);
            }
        });
        assertEquals(List.of(), wrong, "documented as the default, but not the default");
    }
}
