package io.primehub.imagebuilder.k8s.build;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.reconcile.BuildPodNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The ConfigMap of a job's build: its rendered Dockerfile and the build script, owned by the job. */
public final class BuildConfigMapFactory {

    public static final String DOCKERFILE_KEY = "Dockerfile";
    public static final String SCRIPT_KEY = "build-image.sh";

    private BuildConfigMapFactory() {
    }

    public static V1ConfigMap configMap(ImageSpecJob job, V1OwnerReference owner, String dockerfile, String script) {
        return configMap(job, BuildPlacement.besideTheJob(job, owner), dockerfile, script);
    }

    /** The ConfigMap, where {@code placement} puts it. */
    public static V1ConfigMap configMap(ImageSpecJob job, BuildPlacement placement, String dockerfile, String script) {
        return new V1ConfigMap()
                .metadata(new V1ObjectMeta()
                        .name(placement.configMapName())
                        .namespace(placement.namespace())
                        .labels(new HashMap<>(placement.labels()))
                        .annotations(new HashMap<>(job.annotations()))
                        .ownerReferences(placement.ownerReferences()))
                .data(Map.of(DOCKERFILE_KEY, dockerfile, SCRIPT_KEY, script));
    }
}
