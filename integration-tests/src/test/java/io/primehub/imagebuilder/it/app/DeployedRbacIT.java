package io.primehub.imagebuilder.it.app;

import static io.primehub.imagebuilder.it.app.AppSettings.TIMEOUT;
import static io.primehub.imagebuilder.it.app.AppSettings.buildPods;
import static io.primehub.imagebuilder.it.app.AppSettings.leaseHolder;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Container;
import io.primehub.imagebuilder.it.support.ConsoleImage;
import io.primehub.imagebuilder.it.support.PodStatusPatch;
import io.primehub.imagebuilder.it.support.RawApi;
import java.time.Instant;
import java.util.Objects;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.Yaml;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.k8s.SpecStatus;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The RBAC rules shipped in {@code deploy/rbac.yaml} are enough: a controller that authenticates as the
 * ServiceAccount they bind (and as nothing more) takes its Lease, makes the job, the push secret, the Dockerfile
 * ConfigMap and the build pod, and writes status, for an ImageSpec and for the console's Image. The rules are applied as shipped, moved into the test's
 * namespace (and the cluster-wide ones renamed after it, so that runs do not collide).
 */
@KubernetesCluster
class DeployedRbacIT {

    private static final Path RBAC = Path.of("..", "deploy", "rbac.yaml");

    private final List<Runnable> cleanups = new ArrayList<>();
    private Replica replica;

    @AfterEach
    void cleanUp() {
        if (replica != null) {
            replica.close();
        }
        cleanups.forEach(Runnable::run);
    }

    @Test
    void theShippedRbacRulesAreEnoughForTheController(TestCluster cluster, ApiClient admin, TestNamespace namespace)
            throws Exception {
        String ns = namespace.name();
        String serviceAccount = applyShippedRbac(admin, ns);
        ApiClient asServiceAccount = clientFor(cluster, token(admin, ns, serviceAccount));

        replica = Replica.start(asServiceAccount, ns, "rbac-replica");
        await().atMost(TIMEOUT).until(replica.runtime::isLeading);
        replica.imageBuilder.apply(AppSettings.spec(ns, "datasci", "numpy==1.26.4"));

        await().atMost(TIMEOUT).until(() -> buildPods(admin, ns).size() == 1);
        await().atMost(TIMEOUT).until(() -> replica.imageBuilder.status(ns, "datasci")
                .map(SpecStatus::jobName).filter(name -> !name.isEmpty()).isPresent());
        // The job's status (podName) is written through imagespecjobs/status once the pod exists.
        await().atMost(TIMEOUT).until(() -> replica.imageBuilder.jobs(ns, "datasci").stream()
                .anyMatch(job -> "Pending".equals(job.phase()) && !job.podName().isEmpty()));
        // The console's Image: read, its job made (owner reference with blockOwnerDeletion: images/finalizers), its
        // status and, after the build, its urls patched (images: patch).
        ConsoleImage console = new ConsoleImage(new RawApi(admin), ns, "console-image");
        console.create("jupyter/base-notebook:latest", List.of("curl"), List.of(""), List.of(""));
        console.awaitPhase("Pending");
        String imagePod = await().atMost(TIMEOUT).until(() -> imageBuildPod(admin, ns), Objects::nonNull);
        PodStatusPatch.terminated(new V1Container().name("build"), Instant.now().minusSeconds(30), 0, null,
                Instant.now().minusSeconds(30), Instant.now(), null).apply(admin, ns, imagePod);
        console.awaitPhase("Succeeded");
        assertTrue(console.isReady());
        assertEquals("rbac-replica", leaseHolder(admin, ns));
        Optional<SpecStatus> status = replica.imageBuilder.status(ns, "datasci");
        assertTrue(status.isPresent());
        assertEquals(buildPods(admin, ns).get(0).getMetadata().getOwnerReferences().get(0).getName(),
                status.get().jobName());
        assertEquals(List.of(), replica.exits);
    }

    /** The build pod of the Image's job, once there is one. */
    private static String imageBuildPod(ApiClient admin, String namespace) throws ApiException {
        return new CoreV1Api(admin).listNamespacedPod(namespace).labelSelector("app=primehub-image").execute()
                .getItems().stream().map(pod -> pod.getMetadata().getName()).findFirst().orElse(null);
    }

    /** Applies deploy/rbac.yaml into {@code namespace}; answers the ServiceAccount's name. */
    private String applyShippedRbac(ApiClient admin, String namespace) throws IOException, ApiException {
        CoreV1Api core = new CoreV1Api(admin);
        RbacAuthorizationV1Api rbac = new RbacAuthorizationV1Api(admin);
        String serviceAccount = null;
        List<Object> objects;
        try (Reader reader = Files.newBufferedReader(RBAC, StandardCharsets.UTF_8)) {
            objects = Yaml.loadAll(reader);
        }
        for (Object object : objects) {
            if (object instanceof V1ServiceAccount account) {
                account.getMetadata().namespace(namespace);
                serviceAccount = core.createNamespacedServiceAccount(namespace, account).execute().getMetadata()
                        .getName();
            } else if (object instanceof V1ClusterRole role) {
                String name = role.getMetadata().getName() + "-" + namespace;
                role.getMetadata().name(name);
                rbac.createClusterRole(role).execute();
                cleanups.add(() -> quietly(() -> rbac.deleteClusterRole(name).execute()));
            } else if (object instanceof V1ClusterRoleBinding binding) {
                String name = binding.getMetadata().getName() + "-" + namespace;
                binding.getMetadata().name(name);
                binding.getRoleRef().name(binding.getRoleRef().getName() + "-" + namespace);
                binding.getSubjects().forEach(subject -> subject.namespace(namespace));
                rbac.createClusterRoleBinding(binding).execute();
                cleanups.add(() -> quietly(() -> rbac.deleteClusterRoleBinding(name).execute()));
            } else if (object instanceof V1Role role) {
                role.getMetadata().namespace(namespace);
                rbac.createNamespacedRole(namespace, role).execute();
            } else if (object instanceof V1RoleBinding binding) {
                binding.getMetadata().namespace(namespace);
                binding.getSubjects().forEach(subject -> subject.namespace(namespace));
                rbac.createNamespacedRoleBinding(namespace, binding).execute();
            } else {
                throw new IllegalStateException(RBAC + " has an object this test does not know: " + object);
            }
        }
        if (serviceAccount == null) {
            throw new IllegalStateException(RBAC + " has no ServiceAccount");
        }
        return serviceAccount;
    }

    private static String token(ApiClient admin, String namespace, String serviceAccount) throws ApiException {
        AuthenticationV1TokenRequest request = new AuthenticationV1TokenRequest()
                .spec(new V1TokenRequestSpec().expirationSeconds(3600L));
        return new CoreV1Api(admin).createNamespacedServiceAccountToken(serviceAccount, namespace, request).execute()
                .getStatus().getToken();
    }

    /** A client of the test cluster (its address and CA) that authenticates with the token only. */
    private static ApiClient clientFor(TestCluster cluster, String token) throws IOException {
        try (Reader reader = Files.newBufferedReader(cluster.kubeconfig(), StandardCharsets.UTF_8)) {
            KubeConfig config = KubeConfig.loadKubeConfig(reader);
            config.setFile(cluster.kubeconfig().toFile());
            return ClientBuilder.kubeconfig(config).setAuthentication(new AccessTokenAuthentication(token)).build();
        }
    }

    private interface ApiCall {
        void run() throws ApiException;
    }

    private static void quietly(ApiCall call) {
        try {
            call.run();
        } catch (ApiException ignored) {
            // Cleaning up after a test: a leftover is harmless, and its absence is fine.
        }
    }
}
