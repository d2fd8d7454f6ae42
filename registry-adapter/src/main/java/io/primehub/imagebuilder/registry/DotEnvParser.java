package io.primehub.imagebuilder.registry;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the text of a {@code .env} file: {@code KEY=value} lines, an optional {@code export} before the
 * key, {@code #} comments, blank lines, single-quoted values (taken literally) and double-quoted values
 * (with the escapes {@code \n}, {@code \t}, {@code \r}, {@code \"} and {@code \\}; any other backslash stays
 * as written). Nothing is interpolated: {@code $HOME} is five characters. A value spans one line; a line ends with
 * LF, CRLF or a lone CR (old Mac editors), so that no line end folds the next lines, a password among them, into a
 * value. A key given twice keeps its last value.
 *
 * <p>Errors name the file and line; once a line is known to be {@code KEY=...} the key is named too, but no
 * part of a value ever is, since the value may be a password.
 */
final class DotEnvParser {

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final Pattern LINE_END = Pattern.compile("\r\n|\r|\n");

    private final Path file;

    private DotEnvParser(Path file) {
        this.file = file;
    }

    static Map<String, String> parse(Path file, String content) {
        return new DotEnvParser(file).parse(content);
    }

    private Map<String, String> parse(String content) {
        Map<String, String> entries = new LinkedHashMap<>();
        String[] lines = LINE_END.split(content, -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            if (index == 0 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                line = line.substring(1);
            }
            parseLine(line, index + 1, entries);
        }
        return entries;
    }

    private void parseLine(String line, int lineNumber, Map<String, String> entries) {
        int i = skipBlanks(line, 0);
        if (i == line.length() || line.charAt(i) == '#') {
            return;
        }
        if (line.startsWith("export", i) && i + 6 < line.length() && isBlank(line.charAt(i + 6))) {
            i = skipBlanks(line, i + 6);
        }
        int keyStart = i;
        if (i < line.length() && isKeyStart(line.charAt(i))) {
            i++;
            while (i < line.length() && isKeyPart(line.charAt(i))) {
                i++;
            }
        }
        if (i == keyStart) {
            throw error(
                    lineNumber, "expected KEY=value, where KEY is letters, digits and '_' not starting with a digit");
        }
        String key = line.substring(keyStart, i);
        i = skipBlanks(line, i);
        if (i == line.length() || line.charAt(i) != '=') {
            // The "key" may be a pasted password on a line of its own: do not name it.
            throw error(lineNumber, "expected '=' after the variable name");
        }
        int valueStart = i + 1;
        i = skipBlanks(line, valueStart);
        String value;
        if (i < line.length() && line.charAt(i) == '\'') {
            int close = line.indexOf('\'', i + 1);
            if (close < 0) {
                throw error(
                        lineNumber,
                        "the single-quoted value of " + key + " has no closing quote (a value spans one line)");
            }
            value = line.substring(i + 1, close);
            expectOnlyComment(line, close + 1, lineNumber, key);
        } else if (i < line.length() && line.charAt(i) == '"') {
            StringBuilder unescaped = new StringBuilder();
            int close = readDoubleQuoted(line, i + 1, unescaped);
            if (close < 0) {
                throw error(
                        lineNumber,
                        "the double-quoted value of " + key + " has no closing quote (a value spans one line;"
                                + " write a quote inside it as \\\")");
            }
            value = unescaped.toString();
            expectOnlyComment(line, close + 1, lineNumber, key);
        } else {
            value = unquoted(line.substring(valueStart));
        }
        entries.put(key, value);
    }

    /** Appends the unescaped value to {@code out}; returns the index of the closing quote, or -1. */
    private static int readDoubleQuoted(String line, int from, StringBuilder out) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    default -> out.append('\\').append(next);
                }
            } else {
                out.append(c);
            }
        }
        return -1;
    }

    /** An unquoted value ends at a '#' that follows a blank (a comment); surrounding blanks are dropped. */
    private static String unquoted(String raw) {
        int end = raw.length();
        for (int i = 1; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && isBlank(raw.charAt(i - 1))) {
                end = i;
                break;
            }
        }
        return raw.substring(0, end).strip();
    }

    private void expectOnlyComment(String line, int from, int lineNumber, String key) {
        int i = skipBlanks(line, from);
        if (i < line.length() && line.charAt(i) != '#') {
            throw error(lineNumber, "unexpected text after the closing quote of the value of " + key);
        }
    }

    private DotEnvException error(int lineNumber, String reason) {
        return new DotEnvException(file, lineNumber, reason);
    }

    private static int skipBlanks(String line, int from) {
        int i = from;
        while (i < line.length() && isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isKeyStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isKeyPart(char c) {
        return isKeyStart(c) || (c >= '0' && c <= '9');
    }
}
