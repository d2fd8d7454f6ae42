package io.primehub.imagebuilder.app.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell, as kubectl prints them; an empty cell shows as {@code <none>}. */
final class Table {

    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(List.of(header));
    }

    Table row(String... cells) {
        List<String> row = new ArrayList<>();
        for (String cell : cells) {
            row.add(cell == null || cell.isEmpty() ? "<none>" : cell);
        }
        rows.add(row);
        return this;
    }

    void print(PrintStream out, String indent) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        rows.forEach(row -> {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row.get(i) : String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** kubectl's age: {@code 45s}, {@code 12m}, {@code 5h}, {@code 3d}; empty for no time. */
    static String age(Instant since, Instant now) {
        if (since == null) {
            return "";
        }
        Duration age = Duration.between(since, now);
        if (age.isNegative() || age.toSeconds() < 120) {
            return Math.max(0, age.toSeconds()) + "s";
        }
        if (age.toMinutes() < 120) {
            return age.toMinutes() + "m";
        }
        if (age.toHours() < 48) {
            return age.toHours() + "h";
        }
        return age.toDays() + "d";
    }
}
