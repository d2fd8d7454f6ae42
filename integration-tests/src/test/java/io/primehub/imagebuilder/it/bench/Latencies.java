package io.primehub.imagebuilder.it.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles of a set of durations in milliseconds (nearest rank). */
record Latencies(int count, long p50, long p99, long max) {

    static Latencies of(Collection<Long> millis) {
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Latencies(0, -1, -1, -1);
        }
        return new Latencies(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", count);
        map.put("p50Ms", p50);
        map.put("p99Ms", p99);
        map.put("maxMs", max);
        return map;
    }

    @Override
    public String toString() {
        return "p50 " + p50 + " ms, p99 " + p99 + " ms, max " + max + " ms (" + count + ")";
    }
}
