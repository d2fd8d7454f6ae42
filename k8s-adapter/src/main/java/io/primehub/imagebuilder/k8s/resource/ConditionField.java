package io.primehub.imagebuilder.k8s.resource;

/** One entry of {@code status.conditions}, as Kubernetes' {@code metav1.Condition}. */
public class ConditionField {

    private String type;
    private String status;
    private String reason;
    private String message;
    private String lastTransitionTime;
    private Long observedGeneration;

    public String getType() {
        return type;
    }

    public ConditionField setType(String type) {
        this.type = type;
        return this;
    }

    public String getStatus() {
        return status;
    }

    public ConditionField setStatus(String status) {
        this.status = status;
        return this;
    }

    public String getReason() {
        return reason;
    }

    public ConditionField setReason(String reason) {
        this.reason = reason;
        return this;
    }

    public String getMessage() {
        return message;
    }

    public ConditionField setMessage(String message) {
        this.message = message;
        return this;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public ConditionField setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
        return this;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public ConditionField setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
        return this;
    }
}
