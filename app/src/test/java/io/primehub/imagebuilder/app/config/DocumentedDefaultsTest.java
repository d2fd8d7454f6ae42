package io.primehub.imagebuilder.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

        // The one default that is not a value: a replica's identity is its host name and a random suffix.
        Map<String, String> base = Map.of(ConfigKeys.LEADER_IDENTITY, "replica-1");
        ImageBuilderConfig unset = ImageBuilderConfig.load(base, null, null, dir);
        List<String> wrong = new ArrayList<>();
        documented.forEach((key, value) -> {
            Map<String, String> env = new LinkedHashMap<>(base);
            env.put(key, value);
            ImageBuilderConfig set = ImageBuilderConfig.load(env, null, null, dir);
            if (!set.equals(unset)) {
                wrong.add(key + "=" + value);
            }
        });
        assertEquals(List.of(), wrong, "documented as the default, but not the default");
    }
}
