package io.primehub.imagebuilder.k8s.controller;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import java.util.List;
import java.util.Map;

/** An informer index of objects by the uid of their controlling owner of the given kinds (uids are unique). */
final class OwnerIndex {

    static final String NAME = "controller-owner-uid";

    private OwnerIndex() {
    }

    static <T extends KubernetesObject> void install(SharedIndexInformer<T> informer, String... ownerKinds) {
        informer.addIndexers(Map.of(NAME, object -> java.util.Arrays.stream(ownerKinds)
                .flatMap(kind -> ResourceMapping.controllerUid(object.getMetadata(), kind).stream())
                .toList()));
    }

    static <T extends KubernetesObject> List<T> ownedBy(SharedIndexInformer<T> informer, String ownerUid) {
        return informer.getIndexer().byIndex(NAME, ownerUid);
    }
}
