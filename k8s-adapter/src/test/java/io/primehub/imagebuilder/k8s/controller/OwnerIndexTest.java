package io.primehub.imagebuilder.k8s.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.informer.cache.Cache;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnerIndexTest {

    private static V1Pod pod(String namespace, String name, String ownerUid) {
        return new V1Pod()
                .metadata(new V1ObjectMeta()
                        .namespace(namespace)
                        .name(name)
                        .ownerReferences(List.of(new V1OwnerReference()
                                .kind(ImageSpecJobResource.KIND)
                                .name("job")
                                .uid(ownerUid)
                                .controller(true))));
    }

    @Test
    void anObjectInAnotherNamespaceThatCopiesTheOwnersUidIsNotTheOwners() {
        Cache<V1Pod> cache = new Cache<>();
        cache.addIndexers(OwnerIndex.indexers("", ImageSpecJobResource.KIND));
        cache.add(pod("team-a", "build", "uid-1"));
        cache.add(pod("team-b", "users-pod", "uid-1"));
        ImageSpecJobResource job = new ImageSpecJobResource()
                .setMetadata(new V1ObjectMeta().namespace("team-a").name("job").uid("uid-1"));

        assertEquals(
                List.of("build"),
                OwnerIndex.ownedBy(cache, job).stream()
                        .map(p -> p.getMetadata().getName())
                        .toList());
    }

    @Test
    void onlyAPodInTheBuildNamespaceNamesItsJobByLabels() {
        Cache<V1Pod> cache = new Cache<>();
        cache.addIndexers(OwnerIndex.indexers("builds", ImageSpecJobResource.KIND));
        cache.add(labelled("builds", "build"));
        cache.add(labelled("team-b", "claims-the-job"));
        ImageSpecJobResource job = new ImageSpecJobResource()
                .setMetadata(new V1ObjectMeta().namespace("team-a").name("job").uid("uid-1"));

        assertEquals(
                List.of("build"),
                OwnerIndex.ownedBy(cache, job).stream()
                        .map(p -> p.getMetadata().getName())
                        .toList());
    }

    private static V1Pod labelled(String namespace, String name) {
        return new V1Pod()
                .metadata(new V1ObjectMeta()
                        .namespace(namespace)
                        .name(name)
                        .labels(java.util.Map.of(
                                "imagespecjobs.primehub.io/namespace",
                                "team-a",
                                "imagespecjobs.primehub.io/uid",
                                "uid-1")));
    }
}
