package io.primehub.imagebuilder.k8s.resource;

/** {@code Image.status.jobCondition}: the build's phase, job and the last image pushed, as PrimeHub has them. */
public class JobConditionField {

    private String phase;
    private String jobName;
    private String image;
    private String imageDigest;

    public String getPhase() {
        return phase;
    }

    public JobConditionField setPhase(String phase) {
        this.phase = phase;
        return this;
    }

    public String getJobName() {
        return jobName;
    }

    public JobConditionField setJobName(String jobName) {
        this.jobName = jobName;
        return this;
    }

    public String getImage() {
        return image;
    }

    public JobConditionField setImage(String image) {
        this.image = image;
        return this;
    }

    /** The pushed image's digest ({@code sha256:...}); not in PrimeHub's schema. */
    public String getImageDigest() {
        return imageDigest;
    }

    public JobConditionField setImageDigest(String imageDigest) {
        this.imageDigest = imageDigest;
        return this;
    }
}
