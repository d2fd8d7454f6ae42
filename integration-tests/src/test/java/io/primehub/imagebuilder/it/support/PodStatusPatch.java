package io.primehub.imagebuilder.it.support;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod status a kubelet writes, as strategic merge patches of the {@code pods/status} subresource (what the
 * kubelet's status manager sends). Built as plain maps: client-java's models would send their empty collections.
 * Conditions merge by type; {@code containerStatuses} has no merge key, so each patch replaces it whole and a
 * terminated container carries no stale {@code running} state.
 *
 * <p>Every patch carries what a kubelet from 1.36 on writes about resources (in-place pod resize is on by default):
 * {@code status.allocatedResources} for the pod, and {@code allocatedResources} and {@code resources} for the
 * container. A Java client generated before those fields existed could not read such a pod at all.
 */
public final class PodStatusPatch {

    /** The kubelet's {@code status.reason} and message for a pod stopped at its {@code activeDeadlineSeconds}. */
    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

    public static final String DEADLINE_EXCEEDED_MESSAGE =
            "Pod was active on the node longer than the specified deadline";

    private final Map<String, Object> status = new LinkedHashMap<>();

    private PodStatusPatch(V1Container container) {
        Map<String, String> requests = quantities(container.getResources(), true);
        if (!requests.isEmpty()) {
            status.put("allocatedResources", requests);
        }
    }

    /** Still Pending; the container waits, e.g. {@code ContainerCreating} while a volume is not ready. */
    public static PodStatusPatch waiting(V1Container container, String reason, String message) {
        PodStatusPatch patch = new PodStatusPatch(container);
        patch.status.put("phase", "Pending");
        patch.status.put(
                "containerStatuses",
                List.of(containerStatus(
                        container, false, Map.of("waiting", Map.of("reason", reason, "message", message)))));
        return patch;
    }

    public static PodStatusPatch running(V1Container container, Instant startTime, Instant containerStarted) {
        PodStatusPatch patch = new PodStatusPatch(container);
        patch.status.put("phase", "Running");
        patch.status.put("startTime", time(startTime));
        patch.status.put(
                "conditions",
                List.of(
                        condition("Initialized", "True", startTime, null),
                        condition("Ready", "True", containerStarted, null),
                        condition("ContainersReady", "True", containerStarted, null)));
        patch.status.put(
                "containerStatuses",
                List.of(containerStatus(
                        container, true, Map.of("running", Map.of("startedAt", time(containerStarted))))));
        return patch;
    }

    /**
     * The container ended: the pod is {@code Succeeded} when it exited with 0, {@code Failed} otherwise.
     *
     * @param podReason {@code DeadlineExceeded} when the kubelet stopped it at its deadline, else null
     */
    public static PodStatusPatch terminated(
            V1Container container,
            Instant startTime,
            int exitCode,
            String message,
            Instant startedAt,
            Instant finishedAt,
            String podReason) {
        PodStatusPatch patch = new PodStatusPatch(container);
        boolean succeeded = exitCode == 0 && podReason == null;
        patch.status.put("phase", succeeded ? "Succeeded" : "Failed");
        if (podReason != null) {
            patch.status.put("reason", podReason);
            patch.status.put("message", DEADLINE_EXCEEDED_MESSAGE);
        }
        patch.status.put("startTime", time(startTime));
        patch.status.put(
                "conditions",
                List.of(
                        condition("Ready", "False", finishedAt, "PodCompleted"),
                        condition("ContainersReady", "False", finishedAt, "PodCompleted")));
        Map<String, Object> terminated = new LinkedHashMap<>();
        terminated.put("exitCode", exitCode);
        terminated.put("reason", exitCode == 0 ? "Completed" : "Error");
        if (message != null && !message.isEmpty()) {
            terminated.put("message", message);
        }
        terminated.put("startedAt", time(startedAt));
        terminated.put("finishedAt", time(finishedAt));
        patch.status.put(
                "containerStatuses", List.of(containerStatus(container, false, Map.of("terminated", terminated))));
        return patch;
    }

    /**
     * Sends the patch to {@code pods/status}. The answer is not decoded into client-java's model: a test must see what
     * the controller makes of the pod, not what its own client can read.
     */
    public void apply(ApiClient client, String namespace, String name) {
        new RawApi(client)
                .send(
                        "PATCH",
                        "/api/v1/namespaces/" + namespace + "/pods/" + name + "/status",
                        RawApi.STRATEGIC_MERGE_PATCH,
                        JSON.serialize(Map.of("status", status)));
    }

    private static Map<String, Object> containerStatus(
            V1Container container, boolean ready, Map<String, Object> state) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("name", container.getName());
        status.put("image", container.getImage());
        status.put("imageID", "");
        status.put("ready", ready);
        status.put("started", state.containsKey("running"));
        status.put("restartCount", 0);
        Map<String, String> requests = quantities(container.getResources(), true);
        if (!requests.isEmpty()) {
            status.put("allocatedResources", requests);
            Map<String, Object> resources = new LinkedHashMap<>();
            resources.put("requests", requests);
            Map<String, String> limits = quantities(container.getResources(), false);
            if (!limits.isEmpty()) {
                resources.put("limits", limits);
            }
            status.put("resources", resources);
        }
        status.put("state", state);
        return status;
    }

    private static Map<String, String> quantities(V1ResourceRequirements resources, boolean requests) {
        Map<String, Quantity> quantities =
                resources == null ? null : requests ? resources.getRequests() : resources.getLimits();
        Map<String, String> text = new LinkedHashMap<>();
        if (quantities != null) {
            quantities.forEach((name, quantity) -> text.put(name, quantity.toSuffixedString()));
        }
        return text;
    }

    private static Map<String, Object> condition(String type, String status, Instant at, String reason) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", status);
        condition.put("lastTransitionTime", time(at));
        if (reason != null) {
            condition.put("reason", reason);
        }
        return condition;
    }

    private static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
