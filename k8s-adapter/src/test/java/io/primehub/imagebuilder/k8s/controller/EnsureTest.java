package io.primehub.imagebuilder.k8s.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.primehub.imagebuilder.k8s.controller.Ensure.Expect;
import io.primehub.imagebuilder.k8s.controller.Ensure.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * {@link Ensure} against one object held as the API server would hold it: a resourceVersion that moves with each
 * write, 404 on a read of nothing, 409 on a create of what is there and on a replace from a stale resourceVersion.
 * Every request is recorded, so that each case also says what it cost.
 */
class EnsureTest {

    private static boolean sameData(V1ConfigMap existing, V1ConfigMap desired) {
        return desired.getData().equals(existing.getData());
    }

    private static boolean any(V1ConfigMap existing) {
        return true;
    }

    /** One ConfigMap, its requests, and what another party does at a chosen moment. */
    private static final class Server {
        V1ConfigMap stored;
        int version;
        final List<String> requests = new ArrayList<>();
        /** Run before the next create is answered, once: another worker making the object first. */
        Runnable beforeCreate = () -> {};

        Ensure.Api<V1ConfigMap> api() {
            return new Ensure.Api<>(this::read, this::create, this::replace);
        }

        V1ConfigMap read() throws ApiException {
            requests.add("GET");
            if (stored == null) {
                throw new ApiException(404, "not found");
            }
            return copy(stored);
        }

        V1ConfigMap create(V1ConfigMap object) throws ApiException {
            requests.add("POST");
            Runnable other = beforeCreate;
            beforeCreate = () -> {};
            other.run();
            if (stored != null) {
                throw new ApiException(409, "already exists");
            }
            return keep(object);
        }

        V1ConfigMap replace(V1ConfigMap object) throws ApiException {
            requests.add("PUT");
            if (!String.valueOf(version).equals(object.getMetadata().getResourceVersion())) {
                throw new ApiException(409, "conflict");
            }
            return keep(object);
        }

        void put(Map<String, String> data, Map<String, String> labels) {
            keep(configMap(data, labels));
            requests.clear();
        }

        private V1ConfigMap keep(V1ConfigMap object) {
            stored = copy(object);
            stored.getMetadata().setResourceVersion(String.valueOf(++version));
            return copy(stored);
        }

        private static V1ConfigMap copy(V1ConfigMap object) {
            return new V1ConfigMap()
                    .metadata(new V1ObjectMeta()
                            .name(object.getMetadata().getName())
                            .labels(object.getMetadata().getLabels())
                            .resourceVersion(object.getMetadata().getResourceVersion()))
                    .data(object.getData());
        }
    }

    private static V1ConfigMap configMap(Map<String, String> data, Map<String, String> labels) {
        return new V1ConfigMap()
                .metadata(new V1ObjectMeta().name("script").labels(labels))
                .data(data);
    }

    private static V1ConfigMap wanted() {
        return configMap(Map.of("build-image.sh", "v2"), Map.of("app", "primehub-custom-image"));
    }

    private final Server server = new Server();

    /** The script's ConfigMap ensured on {@link #server}: any existing one is ours, the data decides. */
    private Ensure.Ensured<V1ConfigMap> ensureWanted(Expect expect) throws ApiException {
        return Ensure.ensure(server.api(), wanted(), expect, EnsureTest::any, EnsureTest::sameData);
    }

    @Test
    void createsWhatIsNotThere() throws ApiException {
        Ensure.Ensured<V1ConfigMap> ensured = ensureWanted(Expect.PRESENT);

        assertEquals(Outcome.CREATED, ensured.outcome());
        assertEquals(Map.of("build-image.sh", "v2"), server.stored.getData());
        assertEquals(List.of("GET", "POST"), server.requests);
    }

    @Test
    void writesNothingWhenWhatIsThereMatches() throws ApiException {
        server.put(Map.of("build-image.sh", "v2"), Map.of("app", "primehub-custom-image"));

        Ensure.Ensured<V1ConfigMap> ensured = ensureWanted(Expect.PRESENT);

        assertEquals(Outcome.UNCHANGED, ensured.outcome());
        assertEquals("1", ensured.object().getMetadata().getResourceVersion());
        assertEquals(List.of("GET"), server.requests);
    }

    /** What a rotated registry password does to the push secret, and a script changed by hand to its ConfigMap. */
    @Test
    void replacesWhatDiffersFromTheVersionItRead() throws ApiException {
        server.put(Map.of("build-image.sh", "changed by hand"), Map.of("app", "primehub-custom-image"));

        Ensure.Ensured<V1ConfigMap> ensured = ensureWanted(Expect.PRESENT);

        assertEquals(Outcome.REPLACED, ensured.outcome());
        assertEquals(Map.of("build-image.sh", "v2"), server.stored.getData());
        assertEquals("2", ensured.object().getMetadata().getResourceVersion());
        assertEquals(List.of("GET", "PUT"), server.requests);
    }

    /** The chart's push secret has the controller's name but not its label: it is used, never overwritten. */
    @Test
    void leavesWhatIsNotItsOwnAsItIs() throws ApiException {
        server.put(Map.of("build-image.sh", "someone else's"), Map.of());

        Ensure.Ensured<V1ConfigMap> ensured = Ensure.ensure(
                server.api(),
                wanted(),
                Expect.PRESENT,
                existing -> existing.getMetadata().getLabels().containsKey("app"),
                EnsureTest::sameData);

        assertEquals(Outcome.NOT_OURS, ensured.outcome());
        assertEquals(
                Map.of("build-image.sh", "someone else's"), ensured.object().getData());
        assertEquals(List.of("GET"), server.requests);
    }

    /** Another worker made it between the 404 and the create: what it made is compared, not assumed. */
    @Test
    void aCreateThatMeetsAnotherWorkersObjectComparesWithIt() throws ApiException {
        server.beforeCreate = () -> server.keep(configMap(Map.of("build-image.sh", "v1"), Map.of()));

        Ensure.Ensured<V1ConfigMap> ensured = ensureWanted(Expect.PRESENT);

        assertEquals(Outcome.REPLACED, ensured.outcome());
        assertEquals(Map.of("build-image.sh", "v2"), server.stored.getData());
        assertEquals(List.of("GET", "POST", "GET", "PUT"), server.requests);
    }

    @Test
    void expectingItAbsentCreatesFirstAndComparesOnlyWhenItIsThere() throws ApiException {
        assertEquals(Outcome.CREATED, ensureWanted(Expect.ABSENT).outcome());
        assertEquals(List.of("POST"), server.requests);

        server.requests.clear();
        assertEquals(Outcome.UNCHANGED, ensureWanted(Expect.ABSENT).outcome());
        assertEquals(List.of("POST", "GET"), server.requests);
    }

    /** The chart made its push secret between the controller's 404 and its create: it is used, not overwritten. */
    @Test
    void aCreateThatMeetsSomeoneElsesObjectLeavesItAsItIs() throws ApiException {
        server.beforeCreate = () -> server.keep(configMap(Map.of("build-image.sh", "the chart's"), Map.of()));

        Ensure.Ensured<V1ConfigMap> ensured = Ensure.ensure(
                server.api(),
                wanted(),
                Expect.PRESENT,
                existing -> existing.getMetadata().getLabels().containsKey("app"),
                EnsureTest::sameData);

        assertEquals(Outcome.NOT_OURS, ensured.outcome());
        assertEquals(Map.of("build-image.sh", "the chart's"), server.stored.getData());
        assertEquals(List.of("GET", "POST", "GET"), server.requests);
    }

    /** Made (409) and deleted again before the read: the 404 is thrown, and the next reconcile starts anew. */
    @Test
    void anObjectThatCameAndWentBetweenCreateAndReadFailsThisTry() {
        server.beforeCreate = () -> server.keep(configMap(Map.of("build-image.sh", "v1"), Map.of()));
        Ensure.Api<V1ConfigMap> goneAgain = new Ensure.Api<>(
                () -> {
                    server.stored = null;
                    return server.read();
                },
                server::create,
                server::replace);

        ApiException gone = assertThrows(
                ApiException.class,
                () -> Ensure.ensure(goneAgain, wanted(), Expect.ABSENT, EnsureTest::any, EnsureTest::sameData));

        assertEquals(404, gone.getCode());
    }

    /** An update of its own keeps what others added to the object, at the version read. */
    @Test
    void anUpdateOfItsOwnReplacesTheExistingObjectWithTheDesiredFieldsSet() throws ApiException {
        server.put(Map.of("build-image.sh", "changed by hand"), Map.of("team", "data"));

        Ensure.Ensured<V1ConfigMap> ensured = Ensure.ensure(
                server.api(),
                wanted(),
                Expect.PRESENT,
                EnsureTest::any,
                EnsureTest::sameData,
                (existing, desired) -> existing.data(desired.getData()));

        assertEquals(Outcome.REPLACED, ensured.outcome());
        assertEquals(Map.of("build-image.sh", "v2"), server.stored.getData());
        assertEquals(Map.of("team", "data"), server.stored.getMetadata().getLabels(), "the labels others added");
    }

    /** A change between the read and the replace fails the write; the reconcile decides again from what is new. */
    @Test
    void aReplaceFromAStaleVersionFailsWithTheConflict() {
        server.put(Map.of("build-image.sh", "v1"), Map.of());
        BiPredicate<V1ConfigMap, V1ConfigMap> changedMeanwhile = (existing, desired) -> {
            server.keep(configMap(Map.of("build-image.sh", "v3"), Map.of()));
            return false;
        };

        ApiException conflict = assertThrows(
                ApiException.class,
                () -> Ensure.ensure(server.api(), wanted(), Expect.PRESENT, EnsureTest::any, changedMeanwhile));

        assertEquals(409, conflict.getCode());
        assertEquals(Map.of("build-image.sh", "v3"), server.stored.getData(), "the newer change stays");
    }

    @Test
    void anyOtherFailureIsThrownAsItCame() {
        ApiException forbidden = new ApiException(403, "forbidden");
        Ensure.Api<V1ConfigMap> refusing = new Ensure.Api<>(
                () -> {
                    throw forbidden;
                },
                object -> object,
                object -> object);

        assertSame(
                forbidden,
                assertThrows(
                        ApiException.class,
                        () -> Ensure.ensure(
                                refusing, wanted(), Expect.PRESENT, EnsureTest::any, EnsureTest::sameData)));
    }

    /** The pull secret's copy: the same when type, labels and the bytes of every value are, whatever arrays hold them. */
    @Test
    void secretsAreTheSameByTypeLabelsAndTheBytesOfEachValue() {
        V1Secret copy = secret("kubernetes.io/dockerconfigjson", Map.of("job", "a"), "{}");

        assertTrue(ImageSpecJobReconciler.sameSecret(
                secret("kubernetes.io/dockerconfigjson", Map.of("job", "a"), "{}"), copy));
        assertFalse(ImageSpecJobReconciler.sameSecret(secret("Opaque", Map.of("job", "a"), "{}"), copy));
        assertFalse(ImageSpecJobReconciler.sameSecret(
                secret("kubernetes.io/dockerconfigjson", Map.of("job", "b"), "{}"), copy));
        assertFalse(ImageSpecJobReconciler.sameSecret(
                secret("kubernetes.io/dockerconfigjson", Map.of("job", "a"), "{\"auths\":{}}"), copy));
    }

    private static V1Secret secret(String type, Map<String, String> labels, String config) {
        return new V1Secret()
                .metadata(new V1ObjectMeta().name("pull").labels(labels))
                .type(type)
                .data(Map.of(".dockerconfigjson", config.getBytes(StandardCharsets.UTF_8)));
    }
}
