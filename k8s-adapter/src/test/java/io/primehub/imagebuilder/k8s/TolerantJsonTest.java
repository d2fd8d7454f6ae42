package io.primehub.imagebuilder.k8s;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.openapi.models.V1TCPSocketAction;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TolerantJsonTest {

    private static String futurePod;

    @BeforeAll
    static void readFixtureAndInstall() throws IOException {
        try (InputStream in = TolerantJsonTest.class.getResourceAsStream("pod-from-a-future-kubelet.json")) {
            futurePod = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        TolerantJson.install();
    }

    @Test
    void theGeneratedModelRefusesTheFixturesFieldsFromAFutureKubernetes() {
        // What every list and watch of pods died of before: the model's own check, as client-java runs it.
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> V1Pod.validateJsonElement(JsonParser.parseString(futurePod)));
        assertTrue(refused.getMessage().contains("futureField"), refused.getMessage());
    }

    @Test
    void readsAPodFromAFutureKubeletAndKeepsTheFieldsItKnowsTyped() {
        V1Pod pod = JSON.deserialize(futurePod, V1Pod.class);
        V1PodStatus status = pod.getStatus();
        V1ContainerStatus build = status.getContainerStatuses().get(0);
        assertAll(
                () -> assertEquals(
                        "curl-notebook-f635205a-2d1e8a6b", pod.getMetadata().getName()),
                () -> assertEquals(
                        "primehub-custom-image", pod.getMetadata().getLabels().get("app")),
                () -> assertEquals("Succeeded", status.getPhase()),
                () -> assertEquals(OffsetDateTime.parse("2026-12-01T08:00:01Z"), status.getStartTime()),
                () -> assertEquals(
                        new Quantity("250m"), status.getAllocatedResources().get("cpu")),
                () -> assertEquals(
                        new Quantity("512Mi"), build.getAllocatedResources().get("memory")),
                () -> assertEquals(0, build.getState().getTerminated().getExitCode()),
                () -> assertTrue(build.getState().getTerminated().getMessage().startsWith("pushed: ")),
                () -> assertEquals(
                        OffsetDateTime.parse("2026-12-01T08:00:11Z"),
                        build.getState().getTerminated().getFinishedAt()),
                () -> assertEquals(
                        new IntOrString("http"),
                        pod.getSpec()
                                .getContainers()
                                .get(0)
                                .getLivenessProbe()
                                .getTcpSocket()
                                .getPort()),
                () -> assertEquals(1800L, pod.getSpec().getActiveDeadlineSeconds()));
    }

    @Test
    void readsAWatchEventOfAFuturePodAsTheInformersDo() {
        String event = "{\"type\":\"MODIFIED\",\"object\":" + futurePod.replace("\n", "") + "}";
        Watch.Response<V1Pod> response =
                JSON.getGson().fromJson(event, new TypeToken<Watch.Response<V1Pod>>() {}.getType());
        assertAll(
                () -> assertEquals("MODIFIED", response.type),
                () -> assertEquals("Succeeded", response.object.getStatus().getPhase()));
    }

    @Test
    void readsAnEventAndALeaseWithFieldsFromAFutureKubernetes() {
        String event = """
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"e1","namespace":"hub","futureField":"m"},
                 "involvedObject":{"kind":"ImageSpecJob","name":"j","futureField":1},"reason":"BuildStarted",
                 "type":"Normal","count":1,"futureField":{"x":1},"series":{"count":2,"futureField":true}}""";
        String lease = """
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"image-builder"},
                 "spec":{"holderIdentity":"replica-1","leaseDurationSeconds":15,
                         "renewTime":"2026-12-01T08:00:00.123456Z","futureField":"preferred"}}""";
        assertThrows(
                IllegalArgumentException.class, () -> CoreV1Event.validateJsonElement(JsonParser.parseString(event)));
        assertThrows(IllegalArgumentException.class, () -> V1Lease.validateJsonElement(JsonParser.parseString(lease)));
        CoreV1Event read = JSON.deserialize(event, CoreV1Event.class);
        V1Lease readLease = JSON.deserialize(lease, V1Lease.class);
        assertAll(
                () -> assertEquals("BuildStarted", read.getReason()),
                () -> assertEquals(2, read.getSeries().getCount()),
                () -> assertEquals("replica-1", readLease.getSpec().getHolderIdentity()),
                () -> assertEquals(
                        OffsetDateTime.parse("2026-12-01T08:00:00.123456Z"),
                        readLease.getSpec().getRenewTime()));
    }

    @Test
    void stillRefusesAKnownFieldOfTheWrongType() {
        String wrong = futurePod.replace("\"restartCount\": 0", "\"restartCount\": {\"many\": true}");
        assertTrue(wrong.contains("\"many\""), "the fixture changed: restartCount not found");
        assertThrows(JsonParseException.class, () -> JSON.deserialize(wrong, V1Pod.class));
    }

    @Test
    void writesExactlyWhatClientJavasOwnGsonWrites() {
        Gson strict = TolerantJson.replaced();
        V1Pod pod = new V1Pod()
                .apiVersion("v1")
                .kind("Pod")
                .metadata(new V1ObjectMeta()
                        .name("p")
                        .namespace("hub")
                        .creationTimestamp(OffsetDateTime.parse("2026-12-01T08:00:00.5Z"))
                        .labels(Map.of("app", "primehub-custom-image")))
                .spec(new V1PodSpec()
                        .restartPolicy("Never")
                        .activeDeadlineSeconds(60L)
                        .containers(List.of(new V1Container()
                                .name("build")
                                .image("builder:test")
                                .livenessProbe(
                                        new V1Probe().tcpSocket(new V1TCPSocketAction().port(new IntOrString(8080))))))
                        .overhead(Map.of("cpu", new Quantity("10m"))))
                .status(new V1PodStatus().phase("Running").startTime(OffsetDateTime.parse("2026-12-01T08:00:01Z")));
        V1Secret secret = new V1Secret()
                .apiVersion("v1")
                .kind("Secret")
                .metadata(new V1ObjectMeta().name("s"))
                .type("kubernetes.io/dockerconfigjson")
                .data(Map.of(".dockerconfigjson", "{\"auths\":{}}".getBytes(StandardCharsets.UTF_8)));
        Gson tolerant = JSON.getGson();
        assertAll(
                () -> assertEquals(strict.toJson(pod), tolerant.toJson(pod)),
                () -> assertEquals(strict.toJson(secret), tolerant.toJson(secret)),
                () -> assertEquals(pod, tolerant.fromJson(strict.toJson(pod), V1Pod.class)),
                () -> assertEquals(
                        strict.fromJson(strict.toJson(secret), V1Secret.class),
                        tolerant.fromJson(strict.toJson(secret), V1Secret.class)));
    }

    @Test
    void keepsTheApiServersStatusReading() {
        String body = """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"TooManyRequests",
                 "message":"storage is (re)initializing","code":429,"details":{"retryAfterSeconds":1}}""";
        V1Status status = JSON.deserialize(body, V1Status.class);
        assertAll(
                () -> assertEquals(429, status.getCode()),
                () -> assertEquals("storage is (re)initializing", status.getMessage()),
                () -> assertEquals(1, status.getDetails().getRetryAfterSeconds()));
    }

    @Test
    void isOneSettingOfTheProcessAndInstallingAgainChangesNothing() {
        Gson first = JSON.getGson();
        ApiClient client = new ApiClient();
        assertSame(client, TolerantJson.install(client));
        TolerantJson.install();
        assertAll(() -> assertTrue(TolerantJson.isInstalled()), () -> assertSame(first, JSON.getGson()));
    }
}
