package io.primehub.imagebuilder.k8s.build;

import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a job's build objects (pod, copy of the pull secret) go and what they are called.
 *
 * <ul>
 *   <li>Beside the job (the default): in its namespace, owned by it, named after it; the job's own pull secret.</li>
 *   <li>In a shared build namespace ({@code PRIMEHUB_CUSTOM_IMAGE_BUILD_NAMESPACE}): named after the job's namespace
 *       and name ({@link ObjectNames#sharedName}), labelled with the job's namespace, name and uid (an owner reference
 *       cannot cross namespaces), and the spec's pull secret copied there for the build's lifetime.</li>
 * </ul>
 *
 * @param namespace     where the build objects go
 * @param baseName      the base of their names
 * @param owner         the job, as owner, when beside it
 * @param labels        the labels of every build object
 * @param pullSecret    the pull secret the pod mounts ({@code ""}: none)
 */
public record BuildPlacement(
        String namespace,
        String baseName,
        Optional<V1OwnerReference> owner,
        Map<String, String> labels,
        String pullSecret) {

    /** Label on build objects in a build namespace: the namespace of their job. */
    public static final String JOB_NAMESPACE_LABEL = "imagespecjobs.primehub.io/namespace";
    /** Label on build objects in a build namespace: the uid of their job. */
    public static final String JOB_UID_LABEL = "imagespecjobs.primehub.io/uid";

    public BuildPlacement {
        labels = Map.copyOf(labels);
    }

    /** Beside the job, owned by it. */
    public static BuildPlacement besideTheJob(ImageSpecJob job, V1OwnerReference owner) {
        return new BuildPlacement(
                job.namespace(), job.name(), Optional.of(owner), BuildPodFactory.labels(job), job.pullSecret());
    }

    /** In {@code buildNamespace}, which jobs of every namespace share. */
    public static BuildPlacement inBuildNamespace(ImageSpecJob job, String jobUid, String buildNamespace) {
        Map<String, String> labels = new HashMap<>(BuildPodFactory.labels(job));
        labels.put(JOB_NAMESPACE_LABEL, job.namespace());
        labels.put(JOB_UID_LABEL, jobUid);
        String base = ObjectNames.sharedName(job.namespace(), job.name());
        return new BuildPlacement(
                buildNamespace, base, Optional.empty(), labels, job.hasPullSecret() ? pullSecretCopyName(base) : "");
    }

    public boolean besideItsJob() {
        return owner.isPresent();
    }

    /** The copy of the spec's pull secret in a build namespace. */
    public static String pullSecretCopyName(String baseName) {
        return baseName + "-pull";
    }

    public List<V1OwnerReference> ownerReferences() {
        return owner.map(List::of).orElse(null);
    }
}
