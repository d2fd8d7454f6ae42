package io.primehub.imagebuilder.k8s.build;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.util.Map;
import java.util.Optional;

/**
 * The kept end of a finished build's log: a ConfigMap {@code <job>-build-log} beside the job and owned by it (so it
 * goes with the job), whose {@value #DATA_KEY} holds the tail and whose annotation {@value #POD_ANNOTATION} names the
 * pod it came from. It is written before the job's status says the build ended, so a finished job's log is kept;
 * only when it could not be (the log could not be read), the job's annotation {@value #LOST_ANNOTATION} names the
 * pod, whose log is then the only copy. (Earlier versions named the pod in the annotation
 * {@code imagespecs.primehub.io/build-log-of} once its log was kept after the status: a write more per build.)
 */
public final class BuildLogs {

    public static final String LOST_ANNOTATION = "imagespecs.primehub.io/build-log-not-kept";
    public static final String POD_ANNOTATION = "imagespecs.primehub.io/build-pod";
    public static final String LABEL = "imagespecs.primehub.io/build-log";
    public static final String DATA_KEY = "build.log";
    /** Lines read from the end of the log; {@code BuildLogTail} then keeps at most 64 KiB of them. */
    public static final int TAIL_LINES = 4000;

    private static final String SUFFIX = "-build-log";

    private BuildLogs() {}

    public static String configMapName(String jobName) {
        return jobName + SUFFIX;
    }

    /** Writes (or replaces) the job's kept log. */
    public static void keep(CoreV1Api core, ImageSpecJobResource job, String podName, String tail) throws ApiException {
        String namespace = job.getMetadata().getNamespace();
        V1ConfigMap configMap = new V1ConfigMap()
                .metadata(new V1ObjectMeta()
                        .name(configMapName(job.getMetadata().getName()))
                        .namespace(namespace)
                        .labels(Map.of(LABEL, "true"))
                        .annotations(Map.of(POD_ANNOTATION, podName))
                        .ownerReferences(java.util.List.of(
                                ResourceMapping.ownerReference(job).controller(false))))
                .data(Map.of(DATA_KEY, tail));
        try {
            core.createNamespacedConfigMap(namespace, configMap).execute();
        } catch (ApiException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            V1ConfigMap current = core.readNamespacedConfigMap(
                            configMap.getMetadata().getName(), namespace)
                    .execute();
            Map<String, String> labels = current.getMetadata().getLabels();
            if (labels == null || !"true".equals(labels.get(LABEL))) {
                throw new ApiException(
                        409,
                        "ConfigMap " + namespace + "/" + configMap.getMetadata().getName()
                                + " exists and is not a kept build log (no label " + LABEL + "): left as it is");
            }
            configMap.getMetadata().resourceVersion(current.getMetadata().getResourceVersion());
            core.replaceNamespacedConfigMap(configMap.getMetadata().getName(), namespace, configMap)
                    .execute();
        }
    }

    /** The merge patch that records on the job that {@code podName}'s log could not be kept. */
    public static String lostPatch(String podName) {
        return "{\"metadata\":{\"annotations\":{\"" + LOST_ANNOTATION + "\":"
                + io.kubernetes.client.openapi.JSON.serialize(podName) + "}}}";
    }

    /** A kept log, and the pod it came from. */
    public record Kept(String podName, String log) {}

    /** The kept log of the job, empty when none was kept. */
    public static Optional<Kept> read(CoreV1Api core, String namespace, String jobName) throws ApiException {
        try {
            V1ConfigMap kept = core.readNamespacedConfigMap(configMapName(jobName), namespace)
                    .execute();
            Map<String, String> labels = kept.getMetadata().getLabels();
            Map<String, String> annotations = kept.getMetadata().getAnnotations();
            if (labels == null
                    || !"true".equals(labels.get(LABEL))
                    || kept.getData() == null
                    || kept.getData().get(DATA_KEY) == null) {
                return Optional.empty();
            }
            return Optional.of(new Kept(
                    annotations == null ? "" : annotations.getOrDefault(POD_ANNOTATION, ""),
                    kept.getData().get(DATA_KEY)));
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
