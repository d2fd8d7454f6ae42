package io.primehub.imagebuilder.k8s.resource;

import java.util.List;

/**
 * {@code ImageSpecJob.status}: PrimeHub's phase, podName, startTime and finishTime, plus conditions. Times are
 * kept as text (RFC 3339): PrimeHub may have written them empty, and one unreadable time must not stop the
 * informer from reading every other job.
 */
public class ImageSpecJobStatus {

    private String phase;
    private String podName;
    private String imageDigest;
    private String startTime;
    private String finishTime;
    private List<ConditionField> conditions;
    private Long observedGeneration;

    public String getPhase() {
        return phase;
    }

    public ImageSpecJobStatus setPhase(String phase) {
        this.phase = phase;
        return this;
    }

    public String getPodName() {
        return podName;
    }

    public ImageSpecJobStatus setPodName(String podName) {
        this.podName = podName;
        return this;
    }

    public String getStartTime() {
        return startTime;
    }

    public ImageSpecJobStatus setStartTime(String startTime) {
        this.startTime = startTime;
        return this;
    }

    public String getFinishTime() {
        return finishTime;
    }

    public ImageSpecJobStatus setFinishTime(String finishTime) {
        this.finishTime = finishTime;
        return this;
    }

    public List<ConditionField> getConditions() {
        return conditions;
    }

    public ImageSpecJobStatus setConditions(List<ConditionField> conditions) {
        this.conditions = conditions;
        return this;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public ImageSpecJobStatus setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
        return this;
    }

    /** The pushed image's digest ({@code sha256:...}); not in PrimeHub's schema. */
    public String getImageDigest() {
        return imageDigest;
    }

    public ImageSpecJobStatus setImageDigest(String imageDigest) {
        this.imageDigest = imageDigest;
        return this;
    }
}
