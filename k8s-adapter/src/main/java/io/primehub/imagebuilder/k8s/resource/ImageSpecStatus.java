package io.primehub.imagebuilder.k8s.resource;

import java.util.List;

/** {@code ImageSpec.status}: PrimeHub's phase, jobName and image, plus conditions. */
public class ImageSpecStatus {

    private String phase;
    private String jobName;
    private String image;
    private String imageDigest;
    private List<ConditionField> conditions;
    private Long observedGeneration;

    public String getPhase() {
        return phase;
    }

    public ImageSpecStatus setPhase(String phase) {
        this.phase = phase;
        return this;
    }

    public String getJobName() {
        return jobName;
    }

    public ImageSpecStatus setJobName(String jobName) {
        this.jobName = jobName;
        return this;
    }

    public String getImage() {
        return image;
    }

    public ImageSpecStatus setImage(String image) {
        this.image = image;
        return this;
    }

    public List<ConditionField> getConditions() {
        return conditions;
    }

    public ImageSpecStatus setConditions(List<ConditionField> conditions) {
        this.conditions = conditions;
        return this;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public ImageSpecStatus setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
        return this;
    }

    /** The pushed image's digest ({@code sha256:...}); not in PrimeHub's schema. */
    public String getImageDigest() {
        return imageDigest;
    }

    public ImageSpecStatus setImageDigest(String imageDigest) {
        this.imageDigest = imageDigest;
        return this;
    }
}
