package io.primehub.imagebuilder.k8s.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobOrigin;
import io.primehub.imagebuilder.domain.model.JobPhase;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.reconcile.ConditionStatus;
import io.primehub.imagebuilder.domain.reconcile.ImageUrls;
import io.primehub.imagebuilder.domain.reconcile.ObservedImage;
import io.primehub.imagebuilder.domain.reconcile.ObservedJob;
import io.primehub.imagebuilder.domain.reconcile.ObservedSpec;
import io.primehub.imagebuilder.domain.reconcile.SpecState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceMappingTest {

    @Test
    void readsASpecAsPrimeHubWritesIt() {
        ImageSpecResource resource = JSON.deserialize("""
                {"apiVersion":"primehub.io/v1alpha1","kind":"ImageSpec",
                 "metadata":{"name":"base-curl","namespace":"hub","generation":3,"uid":"u1"},
                 "spec":{"baseImage":"jupyter/base-notebook","pullSecret":"","packages":{"apt":["curl"],"pip":null},
                         "updateTime":"2026-11-27T00:00:00Z","somethingNew":1},
                 "status":{"phase":"Succeeded","jobName":"base-curl-96ff7925","image":"r/base-curl:96ff7925"}}
                """, ImageSpecResource.class);
        ObservedSpec observed = ResourceMapping.observe(resource);
        assertEquals("base-curl", observed.spec().name());
        assertEquals(new Packages(List.of("curl"), null, null), observed.spec().packages());
        assertEquals("2026-11-27T00:00:00Z", observed.spec().updateTime());
        assertEquals(3, observed.generation());
        assertEquals("Succeeded", observed.state().phase());
        assertNull(observed.state().condition());
    }

    @Test
    void readsAJobWhoseTimesPrimeHubLeftEmpty() {
        ImageSpecJobResource resource = JSON.deserialize("""
                {"apiVersion":"primehub.io/v1alpha1","kind":"ImageSpecJob",
                 "metadata":{"name":"base-curl-96ff7925","namespace":"hub","generation":1,
                             "annotations":{"imagespecs.primehub.io/hash":"96ff7925"},
                             "ownerReferences":[{"apiVersion":"primehub.io/v1alpha1","kind":"ImageSpec","name":"base-curl",
                                                 "uid":"u1","controller":true}]},
                 "spec":{"baseImage":"jupyter/base-notebook","packages":{"apt":["curl"]},"targetImage":"base-curl:96ff7925",
                         "pushSecret":"push","repoPrefix":"r","updateTime":""},
                 "status":{"phase":"Running","podName":"p","startTime":"","finishTime":"",
                           "conditions":[{"type":"Succeeded","status":"Unknown","reason":"Building","message":"m",
                                          "lastTransitionTime":"2026-11-27T01:00:00Z","observedGeneration":1}]}}
                """, ImageSpecJobResource.class);
        ObservedJob observed = ResourceMapping.observe(resource);
        assertEquals(new Revision("96ff7925"), observed.job().revision());
        assertEquals("base-curl", observed.job().specName());
        assertEquals("r/base-curl:96ff7925", observed.job().pushedImage());
        assertEquals(JobPhase.RUNNING, observed.state().phase());
        assertNull(observed.state().startTime());
        assertEquals(ConditionStatus.UNKNOWN, observed.state().condition().status());
        assertEquals(
                Instant.parse("2026-11-27T01:00:00Z"),
                observed.state().condition().lastTransitionTime());
    }

    @Test
    void writesAPlannedJobOwnedByItsSpec() {
        ImageSpecResource spec = new ImageSpecResource();
        spec.getMetadata().name("base-curl").namespace("hub").uid("u1");
        ImageSpecJob job = new ImageSpecJob(
                "hub",
                "base-curl-96ff7925",
                "base-curl",
                new Revision("96ff7925"),
                "jupyter/base-notebook",
                "",
                new Packages(List.of("curl"), null, null),
                "base-curl:96ff7925",
                "r",
                "push",
                "");
        ImageSpecJobResource resource = ResourceMapping.toResource(job, spec);
        assertEquals("u1", resource.getMetadata().getOwnerReferences().get(0).getUid());
        assertEquals(
                "ImageSpec", resource.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals(
                Boolean.TRUE, resource.getMetadata().getOwnerReferences().get(0).getController());
        ImageSpecJobResource readBack = JSON.deserialize(JSON.serialize(resource), ImageSpecJobResource.class);
        assertEquals(job, ResourceMapping.toDomain(readBack));
    }

    @Test
    void readsAnImageAsTheConsoleAndPrimeHubsControllerLeaveIt() {
        ImageResource resource = JSON.deserialize("""
                {"apiVersion":"primehub.io/v1alpha1","kind":"Image",
                 "metadata":{"name":"my-image","namespace":"hub","generation":7,"uid":"u2"},
                 "spec":{"displayName":"My image","type":"both","url":"r/my-image:96ff7925",
                         "urlForGpu":"r/my-image:96ff7925","pullSecret":"push","groupName":null,
                         "imageSpec":{"baseImage":"jupyter/base-notebook","pullSecret":"",
                                      "packages":{"apt":["curl"],"conda":[""],"pip":[""]},
                                      "updateTime":"2026-12-01T08:00:00.000Z","cancel":false}},
                 "status":{"jobCondition":{"phase":"Succeeded","jobName":"my-image","image":"r/my-image:96ff7925"}}}
                """, ImageResource.class);
        ObservedImage observed = ResourceMapping.observe(resource);
        assertTrue(observed.isCustomBuild());
        assertEquals("my-image", observed.imageSpec().name());
        assertEquals(
                new Packages(List.of("curl"), List.of(""), List.of("")),
                observed.imageSpec().packages());
        assertEquals("2026-12-01T08:00:00.000Z", observed.imageSpec().updateTime());
        assertEquals(false, observed.cancel());
        assertEquals(new SpecState("Succeeded", "my-image", "r/my-image:96ff7925", null, 0), observed.state());
        assertEquals(new ImageUrls("r/my-image:96ff7925", "r/my-image:96ff7925", "push"), observed.urls());
    }

    @Test
    void anImageWithoutImageSpecIsNoBuild() {
        ImageResource resource = JSON.deserialize("""
                {"apiVersion":"primehub.io/v1alpha1","kind":"Image","metadata":{"name":"plain","namespace":"hub"},
                 "spec":{"url":"jupyter/base-notebook:latest","imageSpec":null}}
                """, ImageResource.class);
        assertFalse(ResourceMapping.observe(resource).isCustomBuild());
    }

    @Test
    void readsAnImagesJobWithPrimeHubsLabelsAndHash() {
        ImageSpecJobResource resource = JSON.deserialize("""
                {"apiVersion":"primehub.io/v1alpha1","kind":"ImageSpecJob",
                 "metadata":{"name":"my-image","namespace":"hub","generation":1,
                             "labels":{"app":"primehub-image","image.primehub.io/name":"my-image"},
                             "annotations":{"image.primehub.io/hash":"96ff7925"},
                             "ownerReferences":[{"apiVersion":"primehub.io/v1alpha1","kind":"Image","name":"my-image",
                                                 "uid":"u2","controller":true}]},
                 "spec":{"baseImage":"jupyter/base-notebook","packages":{"apt":["curl","git"]},
                         "targetImage":"my-image:96ff7925","pushSecret":"push","repoPrefix":"r",
                         "updateTime":"2026-12-01T08:00:00Z"},
                 "status":{"phase":"Succeeded","podName":"image-my-image-x1y2"}}
                """, ImageSpecJobResource.class);
        ObservedJob observed = ResourceMapping.observe(resource);
        assertEquals(JobOrigin.IMAGE, observed.job().origin());
        assertEquals("my-image", observed.job().specName());
        assertEquals(new Revision("96ff7925"), observed.job().revision(), "the annotation, not the fields");
        assertTrue(observed.adopted());
        assertEquals("image-my-image-x1y2", observed.desiredPodName());
        assertEquals(
                JobOrigin.IMAGE, ResourceMapping.originOf(new V1ObjectMeta().labels(Map.of("app", "primehub-image"))));
        assertEquals(JobOrigin.IMAGE_SPEC, ResourceMapping.originOf(new V1ObjectMeta()));
    }
}
