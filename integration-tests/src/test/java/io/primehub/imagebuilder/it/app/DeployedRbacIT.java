package io.primehub.imagebuilder.it.app;

import static io.primehub.imagebuilder.it.app.AppSettings.TIMEOUT;
import static io.primehub.imagebuilder.it.app.AppSettings.buildPods;
import static io.primehub.imagebuilder.it.app.AppSettings.leaseHolder;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.Yaml;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.ApiCallRecorder;
import io.primehub.imagebuilder.it.support.ConsoleImage;
import io.primehub.imagebuilder.it.support.NodeBuildSite;
import io.primehub.imagebuilder.it.support.PrivateBaseRegistry;
import io.primehub.imagebuilder.it.support.RawApi;
import io.primehub.imagebuilder.k8s.build.BuildScript;
import io.primehub.imagebuilder.k8s.build.BuildScriptConfigMap;
import io.primehub.imagebuilder.k8s.build.PushSecretFactory;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecList;
import io.primehub.imagebuilder.k8s.resource.ImageSpecResource;
import io.primehub.imagebuilder.k8s.resource.ImageSpecSpec;
import io.primehub.imagebuilder.k8s.resource.ResourceMapping;
import io.primehub.imagebuilder.registry.RegistrySettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The RBAC rules shipped in {@code deploy/rbac.yaml} are enough, and no more than enough: a controller that
 * authenticates as the ServiceAccount they bind (and as nothing more) takes its Lease, makes the job, the push
 * secret, the build script's ConfigMap and the build pod, and writes status, for an ImageSpec and for the console's
 * Image; and every permission the rules grant is one that it used (each request is recorded as RBAC names it). The rules are applied as shipped, moved into the test's
 * namespace (and the cluster-wide ones renamed after it, so that runs do not collide).
 */
@KubernetesCluster
class DeployedRbacIT {

    private static final Path RBAC = Path.of("..", "deploy", "rbac.yaml");

    private final List<Runnable> cleanups = new ArrayList<>();
    private Replica replica;
    private NodeBuildSite site;

    @AfterEach
    void cleanUp() {
        if (replica != null) {
            replica.close();
        }
        if (site != null) {
            site.close();
        }
        cleanups.forEach(Runnable::run);
    }

    @Test
    void theShippedRbacRulesAreEnoughForTheControllerAndItUsesEveryOne(
            TestCluster cluster, ApiClient admin, TestNamespace namespace) throws Exception {
        String ns = namespace.name();
        CoreV1Api core = new CoreV1Api(admin);
        String serviceAccount = applyShippedRbac(admin, ns);
        ApiCallRecorder recorder = new ApiCallRecorder();
        ApiClient asServiceAccount = clientFor(cluster, token(admin, ns, serviceAccount));
        asServiceAccount.setHttpClient(asServiceAccount
                .getHttpClient()
                .newBuilder()
                .addInterceptor(recorder)
                .build());

        // Left from an earlier configuration: the controller's push secret with an old credential, and the build
        // script's ConfigMap changed by hand; both are brought up to date.
        ImageSpec spec = AppSettings.spec(ns, "datasci", "numpy==1.26.4");
        String job = ObjectNames.jobName("datasci", spec.revision());
        core.createNamespacedSecret(
                        ns,
                        PushSecretFactory.secret(
                                ns,
                                RegistrySettings.DEFAULT_PUSH_SECRET_NAME,
                                "{\"auths\":{}}".getBytes(StandardCharsets.UTF_8)))
                .execute();
        String script = BuildScriptConfigMap.name(BuildScript.text());
        core.createNamespacedConfigMap(
                        ns,
                        new V1ConfigMap()
                                .metadata(new V1ObjectMeta().name(script).namespace(ns))
                                .data(Map.of(BuildScriptConfigMap.KEY, "echo changed by hand")))
                .execute();

        // The registry on the real node's bridge, with a private base: the console's Image really builds there.
        site = NodeBuildSite.start();
        PrivateBaseRegistry registry = site.registry();
        Map<String, String> settings = new java.util.HashMap<>(AppSettings.onTheNode(registry));
        settings.put(io.primehub.imagebuilder.app.config.ConfigKeys.JOB_HISTORY, "1"); // so that it prunes, below
        settings.put(io.primehub.imagebuilder.app.config.ConfigKeys.POD_TTL, "1s"); // and deletes a finished pod
        replica = Replica.start(asServiceAccount, ns, "rbac-replica", settings);
        await().atMost(TIMEOUT).until(replica.runtime::isLeading);
        GenericKubernetesApi<ImageSpecResource, ImageSpecList> specs = CustomResources.imageSpecs(admin);
        specs.create(new ImageSpecResource()
                        .setMetadata(new V1ObjectMeta().name("datasci").namespace(ns))
                        .setSpec(new ImageSpecSpec()
                                .setBaseImage(spec.baseImage())
                                .setPackages(ResourceMapping.toResource(spec.packages()))))
                .throwsApiException();

        // The spec gets an update time, its job, a pod; the job's status follows the pod.
        String first = await().atMost(TIMEOUT).until(() -> onlyBuildPod(admin, ns), Objects::nonNull);
        assertEquals(
                BuildScript.text(),
                core.readNamespacedConfigMap(script, ns).execute().getData().get(BuildScriptConfigMap.KEY),
                "the script is put back before the pod that mounts it is made");
        await().atMost(TIMEOUT).until(() -> jobPhase(admin, ns, job).equals("Pending"));
        // The pod goes behind the controller's back: it reads it by name, finds it gone, and fails the job.
        core.deleteNamespacedPod(first, ns).gracePeriodSeconds(0).execute();
        await().atMost(TIMEOUT).until(() -> jobPhase(admin, ns, job).equals("Failed"));
        // A rebuild (a later update time) patches the job; a new revision then cancels it and deletes its pod.
        mergePatch(specs, ns, "datasci", "{\"spec\":{\"updateTime\":\"2099-01-01T00:00:00Z\"}}");
        String fixed = "{\"spec\":{\"packages\":{\"apt\":[\"git\"]}}}";
        String second =
                await().atMost(TIMEOUT).until(() -> onlyBuildPod(admin, ns), pod -> pod != null && !pod.equals(first));
        mergePatch(specs, ns, "datasci", fixed);
        await().atMost(TIMEOUT).until(() -> podGone(admin, ns, second));
        // Keeping one job per spec, the old revision's job goes (and its pod with it).
        await().atMost(TIMEOUT)
                .until(() -> CustomResources.imageSpecJobs(admin).get(ns, job).getHttpStatusCode() == 404);

        // An edit that breaks the spec, undone and made again: its pending job is cancelled, and the same Warning comes
        // twice, one Event counted (events patch).
        String broken = "{\"spec\":{\"packages\":{\"apt\":[\"git; rm -rf /\"]}}}";
        mergePatch(specs, ns, "datasci", broken);
        await().atMost(TIMEOUT).until(() -> specPhase(specs, ns, "datasci").equals("Failed"));
        mergePatch(specs, ns, "datasci", fixed);
        await().atMost(TIMEOUT).until(() -> specPhase(specs, ns, "datasci").equals("Cancelled"));
        mergePatch(specs, ns, "datasci", broken);
        await("the InvalidSpec event counted twice")
                .atMost(TIMEOUT)
                .until(() -> core.listNamespacedEvent(ns).execute().getItems().stream()
                        .filter(event -> "InvalidSpec".equals(event.getReason()))
                        .map(event -> event.getCount())
                        .toList()
                        .equals(List.of(2)));

        // The console's Image, its push secret made afresh: read, its job made (blockOwnerDeletion on the Image), its
        // status and, after the build, its urls patched.
        core.deleteNamespacedSecret(RegistrySettings.DEFAULT_PUSH_SECRET_NAME, ns)
                .execute();
        ConsoleImage console = new ConsoleImage(new RawApi(admin), ns, "console-image");
        // Its build pod runs on the real node: the kubelet, not the test, writes the pod's status.
        cluster.requireNode().admit(admin, ns);
        registry.createPullSecret(admin, ns, "team-pull");
        console.create(registry.baseImage(), "team-pull", List.of("curl"), List.of(""), List.of(""));
        await().atMost(TIMEOUT).until(() -> imageBuildPod(admin, ns), Objects::nonNull);
        console.awaitPhase("Succeeded", java.time.Duration.ofMinutes(5)); // a real build: longer on a busy machine
        io.primehub.imagebuilder.domain.model.ImageReference built =
                io.primehub.imagebuilder.domain.model.ImageReference.parse(console.spec("url"));
        assertEquals(
                registry.client().manifest(built.path(), built.tag()).digest(),
                console.read()
                        .getAsJsonObject("status")
                        .getAsJsonObject("jobCondition")
                        .get("imageDigest")
                        .getAsString(),
                "the Image's status names the digest the registry holds");
        assertTrue(console.isReady());

        // A spec built on the node: its log kept, its finished pod goes after its time to live.
        specs.create(new ImageSpecResource()
                        .setMetadata(new V1ObjectMeta().name("on-node").namespace(ns))
                        .setSpec(new ImageSpecSpec()
                                .setBaseImage(registry.baseImage())
                                .setPullSecret("team-pull")
                                .setPackages(ResourceMapping.toResource(
                                        Packages.of(List.of("curl"), List.of(), List.of())))))
                .throwsApiException();
        String onNodePod = await().atMost(TIMEOUT)
                .until(
                        () -> buildPods(admin, ns).stream()
                                .map(pod -> pod.getMetadata().getName())
                                .filter(name -> name.startsWith("on-node-"))
                                .findFirst()
                                .orElse(null),
                        Objects::nonNull);
        await().atMost(java.time.Duration.ofMinutes(5)).until(() -> podGone(admin, ns, onNodePod));
        assertEquals(
                "Succeeded",
                specs.get(ns, "on-node")
                        .throwsApiException()
                        .getObject()
                        .getStatus()
                        .getPhase());
        assertNotNull(imageBuildPod(admin, ns), "the console Image's finished pod stays: its log page reads it live");
        assertEquals("rbac-replica", leaseHolder(admin, ns));
        assertEquals(List.of(), replica.exits);

        // With no spec and no Image left in the namespace, the push secret goes with them.
        specs.delete(ns, "datasci").throwsApiException();
        specs.delete(ns, "on-node").throwsApiException();
        new RawApi(admin).delete(console.path());
        await().atMost(TIMEOUT)
                .until(() -> core.listNamespacedSecret(ns).execute().getItems().stream()
                        .noneMatch(s -> s.getMetadata().getName().equals(RegistrySettings.DEFAULT_PUSH_SECRET_NAME)));

        Set<ApiCallRecorder.Permission> granted = grantedPermissions();
        Set<ApiCallRecorder.Permission> unused = new TreeSet<>(java.util.Comparator.comparing(Object::toString));
        unused.addAll(granted);
        unused.removeAll(recorder.used());
        assertEquals(
                Set.of(),
                unused,
                "granted by deploy/rbac.yaml but never used: grant only what the controller" + " uses (used: "
                        + recorder.used() + ")");
    }

    /** Every (group, resource, verb) that the shipped ClusterRole and Role grant. */
    private static Set<ApiCallRecorder.Permission> grantedPermissions() throws IOException {
        Set<ApiCallRecorder.Permission> granted = new java.util.HashSet<>();
        try (Reader reader = Files.newBufferedReader(RBAC, StandardCharsets.UTF_8)) {
            for (Object object : Yaml.loadAll(reader)) {
                List<V1PolicyRule> rules = object instanceof V1ClusterRole role
                        ? role.getRules()
                        : object instanceof V1Role role ? role.getRules() : List.of();
                for (V1PolicyRule rule : rules) {
                    for (String group : rule.getApiGroups()) {
                        for (String resource : rule.getResources()) {
                            for (String verb : rule.getVerbs()) {
                                granted.add(new ApiCallRecorder.Permission(group, resource, verb));
                            }
                        }
                    }
                }
            }
        }
        return granted;
    }

    /** The one build pod of the spec path in {@code namespace}, or null. */
    private static String onlyBuildPod(ApiClient admin, String namespace) throws ApiException {
        List<V1Pod> pods = buildPods(admin, namespace).stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .toList();
        return pods.size() == 1 ? pods.get(0).getMetadata().getName() : null;
    }

    private static String jobPhase(ApiClient admin, String namespace, String job) {
        KubernetesApiResponse<ImageSpecJobResource> response =
                CustomResources.imageSpecJobs(admin).get(namespace, job);
        return response.isSuccess()
                        && response.getObject().getStatus() != null
                        && response.getObject().getStatus().getPhase() != null
                ? response.getObject().getStatus().getPhase()
                : "";
    }

    private static boolean podGone(ApiClient admin, String namespace, String name) throws ApiException {
        try {
            return new CoreV1Api(admin)
                            .readNamespacedPod(name, namespace)
                            .execute()
                            .getMetadata()
                            .getDeletionTimestamp()
                    != null;
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return true;
            }
            throw e;
        }
    }

    private static void mergePatch(
            GenericKubernetesApi<ImageSpecResource, ImageSpecList> specs, String ns, String name, String patch)
            throws ApiException {
        specs.patch(ns, name, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, new V1Patch(patch))
                .throwsApiException();
    }

    private static String specPhase(
            GenericKubernetesApi<ImageSpecResource, ImageSpecList> specs, String ns, String name) throws ApiException {
        ImageSpecResource spec = specs.get(ns, name).throwsApiException().getObject();
        return spec.getStatus() == null || spec.getStatus().getPhase() == null
                ? ""
                : spec.getStatus().getPhase();
    }

    /** The build pod of the Image's job, once there is one. */
    private static String imageBuildPod(ApiClient admin, String namespace) throws ApiException {
        return new CoreV1Api(admin)
                .listNamespacedPod(namespace).labelSelector("app=primehub-image").execute().getItems().stream()
                        .map(pod -> pod.getMetadata().getName())
                        .findFirst()
                        .orElse(null);
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
                serviceAccount = core.createNamespacedServiceAccount(namespace, account)
                        .execute()
                        .getMetadata()
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
                cleanups.add(
                        () -> quietly(() -> rbac.deleteClusterRoleBinding(name).execute()));
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
        AuthenticationV1TokenRequest request =
                new AuthenticationV1TokenRequest().spec(new V1TokenRequestSpec().expirationSeconds(3600L));
        return new CoreV1Api(admin)
                .createNamespacedServiceAccountToken(serviceAccount, namespace, request)
                .execute()
                .getStatus()
                .getToken();
    }

    /** A client of the test cluster (its address and CA) that authenticates with the token only. */
    private static ApiClient clientFor(TestCluster cluster, String token) throws IOException {
        try (Reader reader = Files.newBufferedReader(cluster.kubeconfig(), StandardCharsets.UTF_8)) {
            KubeConfig config = KubeConfig.loadKubeConfig(reader);
            config.setFile(cluster.kubeconfig().toFile());
            return ClientBuilder.kubeconfig(config)
                    .setAuthentication(new AccessTokenAuthentication(token))
                    .build();
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
