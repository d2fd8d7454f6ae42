package io.primehub.imagebuilder.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * The package lists of a spec, kept exactly as given: order matters (it is part of the revision) and
 * nothing is deduplicated or dropped. Absent lists are empty lists.
 */
public record Packages(List<String> apt, List<String> pip, List<String> conda) {

    public static final Packages NONE = new Packages(List.of(), List.of(), List.of());

    public Packages {
        apt = copyOf(apt, "apt");
        pip = copyOf(pip, "pip");
        conda = copyOf(conda, "conda");
    }

    public static Packages of(List<String> apt, List<String> pip, List<String> conda) {
        return new Packages(apt, pip, conda);
    }

    public List<String> of(PackageManager manager) {
        return switch (manager) {
            case APT -> apt;
            case PIP -> pip;
            case CONDA -> conda;
        };
    }

    public boolean uses(PackageManager manager) {
        return !of(manager).isEmpty();
    }

    public boolean isEmpty() {
        return apt.isEmpty() && pip.isEmpty() && conda.isEmpty();
    }

    private static List<String> copyOf(List<String> items, String field) {
        if (items == null) {
            return List.of();
        }
        for (int i = 0; i < items.size(); i++) {
            Objects.requireNonNull(items.get(i), () -> "packages." + field + " must not contain null");
        }
        return List.copyOf(items);
    }
}
