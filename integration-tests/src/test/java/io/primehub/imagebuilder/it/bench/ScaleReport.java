package io.primehub.imagebuilder.it.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The controller-at-scale section of {@code target/bench/report.md}: each run's figures, how each was measured, and
 * each target of issue 13 as met or not.
 */
final class ScaleReport {

    private static final long MIB = 1024 * 1024;

    private ScaleReport() {}

    static String markdown(List<Map<String, Object>> runs, Map<String, String> settingsBesideDefaults) {
        StringBuilder md = new StringBuilder("## Controller at scale\n\n");
        md.append("The packaged jar's `controller` as its own process (`")
                .append(ControllerProcess.HEAP)
                .append("`, default settings) on a fresh test control plane per run. The bench creates the specs at"
                        + " once over the namespaces, watches everything (informers; each event stamped as it arrives),"
                        + " then moves every build pod to Running and then Succeeded through `pods/status`, as a"
                        + " kubelet does. Requests are counted by the API server (its audit log, by user agent); CPU"
                        + " from `/proc`; heap with `jcmd GC.run` then `GC.heap_info`. First, specs are made one at a"
                        + " time (each after the one before succeeded) to show the controller's own latency.\n\n");
        if (!settingsBesideDefaults.isEmpty()) {
            md.append("**Not the defaults:** ").append(settingsBesideDefaults).append("\n\n");
        }
        md.append("| figure |");
        boolean repeated = runs.stream().anyMatch(run -> toLong(get(run, "run")) > 1);
        runs.forEach(run -> md.append(' ')
                .append(get(run, "specs"))
                .append(" specs")
                .append(repeated ? ", run " + get(run, "run") : "")
                .append(" |"));
        md.append("\n|---|");
        runs.forEach(run -> md.append("---|"));
        md.append('\n');
        row(
                md,
                runs,
                "one at a time: creation → pod (p50 / p99 / max)",
                run -> latency(run, "oneAtATime.creationToPod"));
        row(
                md,
                runs,
                "one at a time: pod Succeeded → spec Succeeded",
                run -> latency(run, "oneAtATime.podSucceededToSpecSucceeded"));
        row(
                md,
                runs,
                "one at a time: controller writes / CPU per build",
                run -> num(get(run, "oneAtATime.controllerWritesPerBuild")) + " / "
                        + num(get(run, "oneAtATime.controllerCpuMsPerBuild"))
                        + " ms");
        row(md, runs, "all at once: creation → job (p50 / p99 / max)", run -> latency(run, "creationToJob"));
        row(md, runs, "all at once: creation → pod (p50 / p99 / max)", run -> latency(run, "creationToPod"));
        row(md, runs, "bench's creates took", run -> ms(get(run, "createMs")));
        row(md, runs, "every pod exists, after the last create", run -> ms(get(run, "allPodsAfterLastCreateMs")));
        row(
                md,
                runs,
                "pod Succeeded → job Succeeded (p50 / p99 / max)",
                run -> latency(run, "podSucceededToJobSucceeded"));
        row(
                md,
                runs,
                "pod Succeeded → spec Succeeded (p50 / p99 / max)",
                run -> latency(run, "podSucceededToSpecSucceeded"));
        row(md, runs, "controller writes per build (no Lease)", run -> num(get(run, "build.controllerWritesPerBuild")));
        row(md, runs, "controller requests per build", run -> num(get(run, "build.controllerRequestsPerBuild")));
        row(md, runs, "controller CPU per build", run -> num(get(run, "build.controllerCpuMsPerBuild")) + " ms");
        row(
                md,
                runs,
                "CPU s: controller / API server / etcd, whole build",
                run -> num(get(run, "build.controllerCpuSeconds")) + " / " + num(get(run, "build.apiServerCpuSeconds"))
                        + " / "
                        + num(get(run, "build.etcdCpuSeconds")));
        row(
                md,
                runs,
                "idle: writes (no Lease) / Lease writes / requests in " + "the idle window",
                run -> get(run, "idle.controllerRequests.writes") == null
                        ? "n/a"
                        : (toLong(get(run, "idle.controllerRequests.writes"))
                                        - toLong(get(run, "idle.controllerRequests.leaseWrites")))
                                + " / "
                                + get(run, "idle.controllerRequests.leaseWrites") + " / "
                                + get(run, "idle.controllerRequests.total") + " in " + get(run, "idleSeconds") + " s");
        row(md, runs, "heap after a full GC, converged", run -> mib(get(run, "heapAfterFullGcBytes")));
        row(md, runs, "peak RSS", run -> mib(get(run, "peakRssBytes")));
        row(md, runs, "restart: ready after", run -> ms(get(run, "restart.readyMs")));
        row(
                md,
                runs,
                "restart: writes (no Lease) / requests",
                run -> get(run, "restart.requests.writes") == null
                        ? "n/a"
                        : (toLong(get(run, "restart.requests.writes"))
                                        - toLong(get(run, "restart.requests.leaseWrites")))
                                + " / " + get(run, "restart.requests.total") + " in "
                                + get(run, "restart.watchedSeconds") + " s");
        row(
                md,
                runs,
                "restart: heap after a full GC / peak RSS",
                run -> mib(get(run, "restart.heapAfterFullGcBytes")) + " / " + mib(get(run, "restart.peakRssBytes")));
        row(
                md,
                runs,
                "bench's own requests (creates, pod statuses)",
                run -> String.valueOf(get(run, "benchRequests.total")));
        md.append("\n### Targets\n\nEach against the median of the runs of its size (their range in brackets when there"
                + " were several).\n\n| target | specs | figure | met |\n|---|---|---|---|\n");
        Map<Long, List<Map<String, Object>>> bySize = new java.util.TreeMap<>();
        runs.forEach(run -> bySize.computeIfAbsent(toLong(get(run, "specs")), size -> new java.util.ArrayList<>())
                .add(run));
        bySize.forEach((specs, group) -> {
            if (specs >= 1000 && specs < 10_000) {
                target(md, "creation → pod p50 ≤ 250 ms", specs, group, run -> get(run, "creationToPod.p50Ms"), 250);
                target(md, "creation → pod p99 ≤ 2 s", specs, group, run -> get(run, "creationToPod.p99Ms"), 2000);
                target(
                        md,
                        "every pod within 5 s of the last creation",
                        specs,
                        group,
                        run -> get(run, "allPodsAfterLastCreateMs"),
                        5000);
                target(
                        md,
                        "pod Succeeded → spec Succeeded p50 ≤ 100 ms",
                        specs,
                        group,
                        run -> get(run, "podSucceededToSpecSucceeded.p50Ms"),
                        100);
                target(
                        md,
                        "pod Succeeded → spec Succeeded p99 ≤ 1 s",
                        specs,
                        group,
                        run -> get(run, "podSucceededToSpecSucceeded.p99Ms"),
                        1000);
            }
            target(md, "≤ 6 API writes per build", specs, group, run -> get(run, "build.controllerWritesPerBuild"), 6);
            target(
                    md,
                    "≤ 20 ms controller CPU per build",
                    specs,
                    group,
                    run -> get(run, "build.controllerCpuMsPerBuild"),
                    20);
            if (get(group.get(0), "idle.controllerRequests.writes") != null) {
                target(
                        md,
                        "zero writes idle (Lease renewals apart)",
                        specs,
                        group,
                        run -> toLong(get(run, "idle.controllerRequests.writes"))
                                - toLong(get(run, "idle.controllerRequests.leaseWrites")),
                        0);
                target(
                        md,
                        "zero writes on restart (Lease apart)",
                        specs,
                        group,
                        run -> toLong(get(run, "restart.requests.writes"))
                                - toLong(get(run, "restart.requests.leaseWrites")),
                        0);
            }
            if (specs >= 10_000) {
                target(
                        md,
                        "heap after a full GC ≤ 256 MiB",
                        specs,
                        group,
                        run -> toLong(get(run, "heapAfterFullGcBytes")) / MIB,
                        256);
                target(
                        md,
                        "RSS ≤ 512 MiB (the Deployment's limit)",
                        specs,
                        group,
                        run -> toLong(get(run, "peakRssBytes")) / MIB,
                        512);
            }
        });
        return md.toString();
    }

    /** A target against the median of {@code figure} over the runs of one size, with their range. */
    private static void target(
            StringBuilder md,
            String target,
            long specs,
            List<Map<String, Object>> group,
            java.util.function.Function<Map<String, Object>, Object> figure,
            double most) {
        double[] values = group.stream()
                .map(figure)
                .filter(Number.class::isInstance)
                .mapToDouble(value -> ((Number) value).doubleValue())
                .sorted()
                .toArray();
        String shown = "n/a";
        boolean met = false;
        if (values.length > 0) {
            double median = values.length % 2 == 1
                    ? values[values.length / 2]
                    : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
            met = median <= most;
            shown = num(median)
                    + (values.length > 1 ? " [" + num(values[0]) + "–" + num(values[values.length - 1]) + "]" : "");
        }
        md.append("| ")
                .append(target)
                .append(" | ")
                .append(specs)
                .append(" | ")
                .append(shown)
                .append(" | ")
                .append(met ? "met" : "not met")
                .append(" |\n");
    }

    private static void row(
            StringBuilder md,
            List<Map<String, Object>> runs,
            String figure,
            java.util.function.Function<Map<String, Object>, String> value) {
        md.append("| ").append(figure).append(" |");
        runs.forEach(run -> md.append(' ').append(value.apply(run)).append(" |"));
        md.append('\n');
    }

    private static String latency(Map<String, Object> run, String key) {
        return ms(get(run, key + ".p50Ms")) + " / " + ms(get(run, key + ".p99Ms")) + " / "
                + ms(get(run, key + ".maxMs"));
    }

    private static String ms(Object value) {
        return value instanceof Number number ? String.format(Locale.ROOT, "%,d ms", number.longValue()) : "n/a";
    }

    private static String mib(Object value) {
        return value instanceof Number number
                ? String.format(Locale.ROOT, "%.0f MiB", number.doubleValue() / MIB)
                : "n/a";
    }

    private static String num(Object value) {
        if (!(value instanceof Number number)) {
            return "n/a";
        }
        double v = number.doubleValue();
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static long toLong(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }

    /** The value at a dotted path of nested maps; null when any part is missing. */
    @SuppressWarnings("unchecked")
    static Object get(Map<String, Object> map, String path) {
        Object current = map;
        for (String part : path.split("\\.", -1)) {
            if (!(current instanceof Map<?, ?> nested)) {
                return null;
            }
            current = ((Map<String, Object>) nested).get(part);
        }
        return current;
    }
}
