package io.primehub.imagebuilder.it.app;

import java.util.LinkedHashMap;
import java.util.Map;

/** Prometheus' text format read into sample → value ({@code name{labels}} as written), comments skipped. */
final class Scrape {

    private Scrape() {}

    static Map<String, Double> of(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return samples;
    }
}
