package io.primehub.imagebuilder.domain.reconcile;

/** The status of a Kubernetes condition, as written in {@code .status.conditions[].status}. */
public enum ConditionStatus {
    TRUE("True"),
    FALSE("False"),
    UNKNOWN("Unknown");

    private final String wireName;

    ConditionStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Reads a wire value; anything unrecognised is {@link #UNKNOWN}, as Kubernetes treats it. */
    public static ConditionStatus fromWire(String value) {
        for (ConditionStatus candidate : values()) {
            if (candidate.wireName.equals(value)) {
                return candidate;
            }
        }
        return UNKNOWN;
    }
}
