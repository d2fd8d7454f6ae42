package io.primehub.imagebuilder.it.app;

import static io.primehub.imagebuilder.it.app.AppSettings.TIMEOUT;
import static io.primehub.imagebuilder.it.app.AppSettings.buildPods;
import static io.primehub.imagebuilder.it.app.AppSettings.leaseHolder;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Pod;
import io.primehub.imagebuilder.app.controller.ControllerExitCodes;
import io.primehub.imagebuilder.app.controller.Readiness;
import io.primehub.imagebuilder.domain.status.JobStatus;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two replicas of the controller against one API server: one Lease, one leader, one build pod per job. */
@KubernetesCluster
class LeaderElectionIT {

    private final List<Replica> replicas = new ArrayList<>();

    @AfterEach
    void stopReplicas() {
        replicas.forEach(Replica::close);
    }

    @Test
    void onlyTheLeaderActsAndTheStandbyTakesOverWhenItStops(ApiClient client, TestNamespace namespace)
            throws Exception {
        String ns = namespace.name();
        Replica first = start(client, ns, "replica-a");
        await().atMost(TIMEOUT).until(first.runtime::isLeading);
        Replica second = start(client, ns, "replica-b");
        await().atMost(TIMEOUT).until(() -> second.runtime.readiness().detail().startsWith("standby"));

        first.imageBuilder.apply(AppSettings.spec(ns, "datasci", "numpy==1.26.4"));

        await().atMost(TIMEOUT).until(() -> buildPods(client, ns).size() == 1);
        // The standby runs no controller while another replica holds the Lease, so it cannot act: that is what is
        // checked, not a quiet moment (which a slow standby would give too), nor the pod count (the pod's name is
        // the job's, so a second replica that acted would meet 409, not make a second pod).
        assertFalse(second.runtime.isLeading(), "the standby leads");
        assertFalse(second.controller.isRunning(), "the standby's controller runs");
        assertEquals("replica-a", leaseHolder(client, ns));
        assertEquals(
                Readiness.ready(
                        "standby: waiting for the Lease " + ns + "/" + AppSettings.LEASE_NAME + " (held by replica-a)"),
                second.runtime.readiness());

        first.close();

        await().atMost(TIMEOUT).until(second.runtime::isLeading);
        assertEquals("replica-b", leaseHolder(client, ns));
        second.imageBuilder.apply(AppSettings.spec(ns, "analytics", "pandas==2.2.2"));
        await().atMost(TIMEOUT).until(() -> jobsWithPods(second, ns, "analytics") == 1);
        Map<String, Long> podsPerJob = podsPerJob(buildPods(client, ns));
        assertEquals(2, podsPerJob.size(), podsPerJob::toString);
        assertTrue(podsPerJob.values().stream().allMatch(count -> count == 1), podsPerJob::toString);
        assertEquals(List.of(), first.exits);
        assertEquals(List.of(), second.exits);
    }

    @Test
    void aLeaderThatLosesItsLeaseStopsTheControllerAndAsksToExit(ApiClient client, TestNamespace namespace)
            throws Exception {
        String ns = namespace.name();
        Replica leader = start(client, ns, "replica-a");
        await().atMost(TIMEOUT).until(leader.runtime::isLeading);
        await().atMost(TIMEOUT).until(leader.controller::isRunning);

        stealLease(client, ns, "another-process");

        await().atMost(TIMEOUT).until(() -> !leader.exits.isEmpty());
        assertEquals(List.of(ControllerExitCodes.LEADERSHIP_LOST), leader.exits);
        assertFalse(leader.runtime.isLeading());
        assertFalse(leader.controller.isRunning());
        assertFalse(leader.runtime.readiness().ready());
        assertEquals("another-process", leaseHolder(client, ns));
    }

    private Replica start(ApiClient client, String namespace, String identity) {
        Replica replica = Replica.start(client, namespace, identity);
        replicas.add(replica);
        return replica;
    }

    private static long jobsWithPods(Replica replica, String namespace, String spec) {
        return replica.imageBuilder.jobs(namespace, spec).stream()
                .map(JobStatus::podName)
                .filter(name -> !name.isEmpty())
                .count();
    }

    private static Map<String, Long> podsPerJob(List<V1Pod> pods) {
        return pods.stream()
                .map(pod -> pod.getMetadata().getOwnerReferences().get(0).getName())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** What another process does when it takes the Lease over: write itself in as holder with a fresh renewal. */
    private static void stealLease(ApiClient client, String namespace, String thief) throws Exception {
        CoordinationV1Api leases = new CoordinationV1Api(client);
        // The leader renews every second; a renewal between the read and the write is a conflict: read again.
        await().atMost(TIMEOUT).ignoreException(ApiException.class).until(() -> {
            V1Lease lease = leases.readNamespacedLease(AppSettings.LEASE_NAME, namespace)
                    .execute();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            lease.getSpec()
                    .holderIdentity(thief)
                    .acquireTime(now)
                    .renewTime(now)
                    .leaseDurationSeconds(600);
            leases.replaceNamespacedLease(AppSettings.LEASE_NAME, namespace, lease)
                    .execute();
            return true;
        });
    }
}
