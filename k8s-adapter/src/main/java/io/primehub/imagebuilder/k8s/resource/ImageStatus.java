package io.primehub.imagebuilder.k8s.resource;

import java.util.List;

/**
 * {@code Image.status}: PrimeHub's {@code jobCondition}, plus the conditions where this project's CRD keeps them. It is
 * part of the main resource: PrimeHub's CRD has no status subresource.
 */
public class ImageStatus {

    private JobConditionField jobCondition;
    private List<ConditionField> conditions;

    public JobConditionField getJobCondition() {
        return jobCondition;
    }

    public ImageStatus setJobCondition(JobConditionField jobCondition) {
        this.jobCondition = jobCondition;
        return this;
    }

    public List<ConditionField> getConditions() {
        return conditions;
    }

    public ImageStatus setConditions(List<ConditionField> conditions) {
        this.conditions = conditions;
        return this;
    }
}
