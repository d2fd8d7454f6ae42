package io.primehub.imagebuilder.k8s.controller;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.cache.Indexer;
import io.primehub.imagebuilder.k8s.build.BuildPlacement;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An informer index of objects by their controlling owner of the given kinds, keyed by the object's namespace and the
 * owner's uid. An owner reference names no namespace: Kubernetes resolves it in the object's own namespace, so an
 * object in another namespace that copies an owner's uid is never found as that owner's.
 */
final class OwnerIndex {

    static final String NAME = "controller-owner";

    private OwnerIndex() {}

    static <T extends KubernetesObject> void install(SharedIndexInformer<T> informer, String ownerKind) {
        informer.addIndexers(indexers("", ownerKind));
    }

    static <T extends KubernetesObject> void install(
            SharedIndexInformer<T> informer, String ownerKind, String otherOwnerKind) {
        informer.addIndexers(OwnerIndex.<T>indexers("", ownerKind, otherOwnerKind));
    }

    /**
     * Build pods: in {@code buildNamespace} (when set), a pod names its job by labels (an owner reference cannot cross
     * namespaces); labels on an object in any other namespace count for nothing, so nobody outside the build namespace
     * can claim a job's pod.
     */
    static <T extends KubernetesObject> void installForBuildPods(
            SharedIndexInformer<T> informer, String ownerKind, String buildNamespace) {
        informer.addIndexers(indexers(buildNamespace, ownerKind));
    }

    static <T extends KubernetesObject> Map<String, Function<T, List<String>>> indexers(
            String buildNamespace, String... ownerKinds) {
        return Map.of(NAME, object -> {
            Map<String, String> labels = object.getMetadata().getLabels();
            if (!buildNamespace.isEmpty()
                    && buildNamespace.equals(object.getMetadata().getNamespace())
                    && labels != null
                    && labels.containsKey(BuildPlacement.JOB_NAMESPACE_LABEL)
                    && labels.containsKey(BuildPlacement.JOB_UID_LABEL)) {
                // In a build namespace: the job is in the namespace its labels name.
                return List.of(
                        key(labels.get(BuildPlacement.JOB_NAMESPACE_LABEL), labels.get(BuildPlacement.JOB_UID_LABEL)));
            }
            return Arrays.stream(ownerKinds)
                    .flatMap(kind -> ResourceMapping.controllerUid(object.getMetadata(), kind).stream())
                    .map(uid -> key(object.getMetadata().getNamespace(), uid))
                    .toList();
        });
    }

    /** The objects in {@code owner}'s namespace that {@code owner} controls. */
    static <T extends KubernetesObject> List<T> ownedBy(SharedIndexInformer<T> informer, KubernetesObject owner) {
        return ownedBy(informer.getIndexer(), owner);
    }

    static <T extends KubernetesObject> List<T> ownedBy(Indexer<T> indexer, KubernetesObject owner) {
        return indexer.byIndex(
                NAME,
                key(owner.getMetadata().getNamespace(), owner.getMetadata().getUid()));
    }

    private static String key(String namespace, String uid) {
        return namespace + "/" + uid;
    }
}
