package io.primehub.imagebuilder.it.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code scripts/bench} passes as system properties: the numbers of specs, the runs of each (each on a fresh
 * control plane; several give a median and a spread), how many specs are
 * first made one at a time (each after the one before succeeded), the namespaces they
 * spread over, the bench's writer threads, how long it watches the idle controller and the restarted one.
 */
record BenchSettings(
        List<Integer> sizes,
        int runs,
        int oneAtATime,
        int namespaces,
        int clientThreads,
        Duration idle,
        Duration afterRestart,
        boolean anyCluster) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Arrays.stream(System.getProperty("bench.specs", "1000,10000").split(","))
                        .map(String::strip)
                        .map(Integer::parseInt)
                        .toList(),
                Integer.getInteger("bench.runs", 1),
                Integer.getInteger("bench.one-at-a-time", 20),
                Integer.getInteger("bench.namespaces", 10),
                Integer.getInteger("bench.threads", 8),
                Duration.ofSeconds(Integer.getInteger("bench.idle-seconds", 60)),
                Duration.ofSeconds(Integer.getInteger("bench.restart-seconds", 30)),
                Boolean.getBoolean("bench.any-cluster"));
    }
}
