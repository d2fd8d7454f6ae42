package io.primehub.imagebuilder.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The API server's own count of requests: its audit log (JSON lines at level {@code Metadata}), read from a mark on, so
 * that each phase of a run counts only its own requests. A request is counted once, by its {@code auditID}, whatever
 * stages it was logged at; a watch is counted as it starts ({@code ResponseStarted}), not again as it ends.
 */
final class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> READS = Set.of("get", "list", "watch");

    private final Path file;

    AuditLog(Path file) {
        this.file = file;
    }

    /** Where the log ends now: count from here with {@link #between}. */
    long mark() {
        // the end of the last whole line: the API server may be writing one now
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = in.length();
            while (end > 0) {
                in.seek(end - 1);
                if (in.read() == '\n') {
                    return end;
                }
                end--;
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
    }

    /**
     * The requests logged between two marks, of the clients whose user agent {@code agent} accepts. (A watch is
     * counted where it is first logged, as it starts.)
     */
    Requests between(long from, long to, Predicate<String> agent) {
        Map<String, Long> byRequest = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            in.getChannel().position(from);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            long position = from;
            String line;
            while (position < to && (line = reader.readLine()) != null) {
                position += line.getBytes(StandardCharsets.UTF_8).length + 1;
                JsonNode event = JSON.readTree(line);
                String userAgent = event.path("userAgent").asText("");
                // a watch is counted as it starts (it also logs as it ends, maybe in a later window)
                boolean watchEnd = "watch".equals(event.path("verb").asText())
                        && !"ResponseStarted".equals(event.path("stage").asText());
                if (watchEnd
                        || !agent.test(userAgent)
                        || !seen.add(event.path("auditID").asText())) {
                    continue;
                }
                byRequest.merge(key(event), 1L, Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
        return new Requests(byRequest);
    }

    /** {@code verb resource[/subresource]}, as {@code create imagespecjobs} or {@code update imagespecs/status}. */
    private static String key(JsonNode event) {
        JsonNode object = event.path("objectRef");
        String resource = object.path("resource").asText("");
        String subresource = object.path("subresource").asText("");
        String what = resource.isEmpty()
                ? event.path("requestURI").asText("?").replaceAll("\\?.*", "")
                : subresource.isEmpty() ? resource : resource + "/" + subresource;
        return event.path("verb").asText("?") + " " + what;
    }

    /** Requests by {@code verb resource}. */
    record Requests(Map<String, Long> byRequest) {

        long total() {
            return byRequest.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Requests that change something: every verb but get, list and watch. */
        long writes() {
            return byRequest.entrySet().stream()
                    .filter(entry -> isWrite(entry.getKey()))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        long writesOf(Predicate<String> request) {
            return byRequest.entrySet().stream()
                    .filter(entry -> isWrite(entry.getKey()) && request.test(entry.getKey()))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        static boolean isWrite(String request) {
            return !READS.contains(request.substring(0, request.indexOf(' ')));
        }
    }
}
