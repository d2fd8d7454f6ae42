package io.primehub.imagebuilder.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the kernel and the JVM say about a process: CPU time and memory, read from {@code /proc} and {@code jcmd}. */
final class ProcessFigures {

    /** Clock ticks per second of {@code /proc/PID/stat}'s times: 100 on every Linux this runs on. */
    private static final double TICKS = 100.0;

    private static final Pattern HEAP_USED = Pattern.compile(
            "^\\s*(garbage-first heap|def new generation|tenured generation|PSYoungGen|ParOldGen|"
                    + "Shenandoah|ZHeap)\\b.*?used (\\d+)K",
            Pattern.MULTILINE);

    private ProcessFigures() {}

    /** User and system CPU seconds the process has used so far (all its threads). */
    static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // the command may hold spaces and parentheses: the fields start after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ", -1);
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
    }

    /** The most resident memory the process has had (VmHWM), in bytes. */
    static long peakRssBytes(long pid) {
        return statusKilobytes(pid, "VmHWM") * 1024;
    }

    /**
     * The Java heap in use right after a full collection ({@code jcmd PID GC.run}, then {@code GC.heap_info}), in
     * bytes: what the process really keeps.
     */
    static long heapAfterFullGc(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher matcher = HEAP_USED.matcher(info);
        long used = 0;
        boolean found = false;
        while (matcher.find()) {
            used += Long.parseLong(matcher.group(2)) * 1024;
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("no heap figure in jcmd " + pid + " GC.heap_info:\n" + info);
        }
        return used;
    }

    private static long statusKilobytes(long pid, String field) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n", -1)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(
                        line.substring(field.length() + 1).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException("/proc/" + pid + "/status has no " + field);
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(jcmd + " " + pid + " " + command + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (has the process ended?)", e);
        }
    }
}
