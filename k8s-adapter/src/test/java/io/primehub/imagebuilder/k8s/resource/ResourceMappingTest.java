package io.primehub.imagebuilder.k8s.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobOrigin;
import io.primehub.imagebuilder.domain.model.JobPhase;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.domain.reconcile.Condition;
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

    /**
     * The job the controller sends, field by field, as PrimeHub's controller writes one (its labels, its revision
     * annotation, its spec's field names) plus this controller's build-attempt annotation, and nothing else: no empty
     * {@code pullSecret} or {@code updateTime}, no status.
     */
    @Test
    void writesAPlannedJobAsPrimeHubsResourceOwnedByItsSpec() {
        ImageSpecResource spec = new ImageSpecResource();
        spec.getMetadata().name("base-curl").namespace("hub").uid("u1");
        ImageSpecJob job = new ImageSpecJob(
                "hub",
                "base-curl-96ff7925",
                "base-curl",
                new Revision("96ff7925"),
                "jupyter/base-notebook",
                "",
                new Packages(List.of("curl"), null, List.of("numpy")),
                "base-curl:96ff7925",
                "r.example.test/team",
                "push",
                "");

        JsonElement written = JsonParser.parseString(JSON.serialize(ResourceMapping.toResource(job, spec)));

        assertEquals(JsonParser.parseString("""
                {"apiVersion": "primehub.io/v1alpha1", "kind": "ImageSpecJob",
                 "metadata": {"name": "base-curl-96ff7925", "namespace": "hub",
                   "labels": {"app": "primehub-custom-image", "imagespecs.primehub.io/name": "base-curl"},
                   "annotations": {"imagespecs.primehub.io/hash": "96ff7925", "imagespecs.primehub.io/build-attempt": ""},
                   "ownerReferences": [{"apiVersion": "primehub.io/v1alpha1", "kind": "ImageSpec", "name": "base-curl",
                     "uid": "u1", "controller": true, "blockOwnerDeletion": true}]},
                 "spec": {"baseImage": "jupyter/base-notebook", "packages": {"apt": ["curl"], "conda": ["numpy"]},
                   "targetImage": "base-curl:96ff7925", "pushSecret": "push", "repoPrefix": "r.example.test/team"}}
                """), written);
        ImageSpecJobResource readBack = JSON.deserialize(written.toString(), ImageSpecJobResource.class);
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

    /** As {@code meta.SetStatusCondition}: another tool's conditions stay, ours is set by type. */
    @Test
    void setsItsConditionByTypeAndKeepsEveryOtherTypeWhereItWas() {
        ConditionField audited = new ConditionField()
                .setType("Audited")
                .setStatus("True")
                .setReason("Scanned")
                .setLastTransitionTime("2026-11-30T00:00:00Z");
        ConditionField oldOurs = new ConditionField()
                .setType("Succeeded")
                .setStatus("Unknown")
                .setReason("Running")
                .setLastTransitionTime("2026-12-01T08:00:00Z")
                .setObservedGeneration(1L);
        ConditionField signed = new ConditionField().setType("Signed").setStatus("False");
        Condition done = new Condition(
                "Succeeded",
                ConditionStatus.TRUE,
                "BuildSucceeded",
                "pushed",
                Instant.parse("2026-12-01T09:00:00Z"),
                2);

        List<ConditionField> merged =
                ResourceMapping.withCondition(List.of(audited, oldOurs, signed), "Succeeded", done);

        assertEquals(
                List.of("Audited", "Succeeded", "Signed"),
                merged.stream().map(ConditionField::getType).toList());
        assertSame(audited, merged.get(0), "another tool's condition is sent back as it was");
        assertSame(signed, merged.get(2));
        assertEquals("True", merged.get(1).getStatus());
        assertEquals("BuildSucceeded", merged.get(1).getReason());
        assertEquals("2026-12-01T09:00:00Z", merged.get(1).getLastTransitionTime(), "the status changed: its time");
        assertEquals(2L, merged.get(1).getObservedGeneration());
    }

    @Test
    void keepsTheTransitionTimeWhenTheStatusDidNotChange() {
        ConditionField running = new ConditionField()
                .setType("Succeeded")
                .setStatus("Unknown")
                .setReason("Pending")
                .setLastTransitionTime("2026-12-01T08:00:00Z");
        Condition stillRunning = new Condition(
                "Succeeded", ConditionStatus.UNKNOWN, "Running", "building", Instant.parse("2026-12-01T08:05:00Z"), 1);

        ConditionField merged = ResourceMapping.withCondition(List.of(running), "Succeeded", stillRunning)
                .get(0);

        assertEquals("2026-12-01T08:00:00Z", merged.getLastTransitionTime());
        assertEquals("Running", merged.getReason(), "the reason and message are the new ones");
    }

    @Test
    void addsItsConditionLastAndDropsEntriesTheSchemaWouldRefuse() {
        ConditionField audited = new ConditionField().setType("Audited").setStatus("True");
        ConditionField untyped = new ConditionField().setStatus("True");
        Condition ready = new Condition(
                "Ready",
                ConditionStatus.FALSE,
                "BuildFailed",
                "no such package",
                Instant.parse("2026-12-01T09:00:00Z"),
                4);

        List<ConditionField> merged = ResourceMapping.withCondition(List.of(audited, untyped), "Ready", ready);

        assertEquals(
                List.of("Audited", "Ready"),
                merged.stream().map(ConditionField::getType).toList());
        assertEquals(
                List.of(audited),
                ResourceMapping.withCondition(merged, "Ready", null),
                "no condition of ours: ours goes, the others stay");
        assertEquals(
                List.of("Ready"),
                ResourceMapping.withCondition(null, "Ready", ready).stream()
                        .map(ConditionField::getType)
                        .toList());
    }
}
