package io.primehub.imagebuilder.it.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.K8sTools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart ({@code deploy/helm/primehub-image-builder}) with the Helm the tests build: it lints clean, and what
 * it renders, for its defaults and for a values file that sets everything, is accepted by the test API server
 * ({@code kubectl apply --dry-run=server}) and says what the values say. Its RBAC is the one {@code DeployedRbacIT}
 * proves enough and no more than enough.
 */
@KubernetesCluster
class HelmChartIT {

    private static final Path CHART = Path.of("..", "deploy", "helm", "primehub-image-builder");
    private static final Path EVERYTHING = Path.of("src", "test", "resources", "helm", "values-everything.yaml");

    private record Run(int exit, String out) {}

    private static Run run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), command + " ended");
        return new Run(process.exitValue(), out);
    }

    private static Run helm(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(K8sTools.helm().toString()));
        command.addAll(List.of(args));
        return run(command, "");
    }

    private static String template(String namespace, String... more) throws IOException, InterruptedException {
        List<String> args =
                new ArrayList<>(List.of("template", "pib", CHART.toString(), "-n", namespace, "--include-crds"));
        args.addAll(List.of(more));
        Run rendered = helm(args.toArray(String[]::new));
        assertEquals(0, rendered.exit(), rendered.out());
        return rendered.out();
    }

    /** Sends what the chart rendered to the API server as a server-side dry run: admitted and validated, not kept. */
    private static void applyDryRun(TestCluster cluster, String manifests) throws IOException, InterruptedException {
        Run applied = run(
                List.of(
                        K8sTools.kubectl().toString(),
                        "--kubeconfig",
                        cluster.kubeconfig().toString(),
                        "apply",
                        "--dry-run=server",
                        "-f",
                        "-"),
                manifests); // each object names its namespace
        assertEquals(0, applied.exit(), applied.out());
        assertTrue(
                applied.out().contains("deployment.apps/pib-primehub-image-builder created (server dry run)"),
                applied.out());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String manifests) {
        List<Map<String, Object>> documents = new ArrayList<>();
        new Yaml().loadAll(manifests).forEach(document -> {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        });
        return documents;
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> documents, String kind) {
        return documents.stream()
                .filter(document -> kind.equals(document.get("kind")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String... path) {
        Object current = value;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return (Map<String, Object>) current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> deployment) {
        return ((List<Map<String, Object>>)
                        map(deployment, "spec", "template", "spec").get("containers"))
                .get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
        Map<String, Map<String, Object>> env = new java.util.LinkedHashMap<>();
        ((List<Map<String, Object>>) container.get("env")).forEach(e -> env.put((String) e.get("name"), e));
        return env;
    }

    @Test
    void lintsCleanWithItsDefaultsAndWithEverythingSet() throws Exception {
        for (List<String> values : List.of(List.<String>of(), List.of("-f", EVERYTHING.toString()))) {
            List<String> args = new ArrayList<>(List.of("lint", CHART.toString()));
            args.addAll(values);
            Run lint = helm(args.toArray(String[]::new));
            assertEquals(0, lint.exit(), lint.out());
            assertFalse(lint.out().contains("[ERROR]") || lint.out().contains("[WARNING]"), lint.out());
        }
    }

    @Test
    void itsDefaultsRenderWhatTheApiServerAcceptsWithTheRbacThatIsProvedEnough(
            TestCluster cluster, TestNamespace namespace) throws Exception {
        String manifests = template(namespace.name());
        applyDryRun(cluster, manifests);

        List<Map<String, Object>> documents = documents(manifests);
        assertEquals(List.of(), ofKind(documents, "Secret"), "no password given, no Secret");
        assertEquals(3, ofKind(documents, "CustomResourceDefinition").size());
        Map<String, Object> config = map(ofKind(documents, "ConfigMap").get(0), "data");
        assertEquals("false", config.get("PRIMEHUB_FEATURE_CUSTOM_IMAGE"), "off by default, as in PrimeHub");
        assertFalse(
                config.containsKey("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_INSECURE"),
                "left to the controller, which takes an http:// endpoint as plain HTTP");
        Map<String, Object> container =
                container(ofKind(documents, "Deployment").get(0));
        assertFalse(env(container).containsKey("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD"));
        assertEquals("primehub-image-builder/controller:0.1.0", container.get("image"));

        Object chartRules = ofKind(documents, "ClusterRole").get(0).get("rules");
        List<Map<String, Object>> shipped = documents(Files.readString(Path.of("..", "deploy", "rbac.yaml")));
        Object shippedRules = ofKind(shipped, "ClusterRole").get(0).get("rules");
        assertEquals(
                shippedRules,
                chartRules,
                "the chart's ClusterRole is deploy/rbac.yaml's, which DeployedRbacIT"
                        + " proves enough and no more than enough");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everythingSetRendersWhatTheApiServerAcceptsAndWhatTheValuesSay(
            TestCluster cluster, ApiClient client, TestNamespace namespace) throws Exception {
        try (TestNamespace builds = TestNamespace.create(client, "builds")) {
            String manifests = template(
                    namespace.name(), "-f", EVERYTHING.toString(), "--set", "buildNamespace.name=" + builds.name());
            applyDryRun(cluster, manifests);

            List<Map<String, Object>> documents = documents(manifests);
            assertEquals(List.of(), ofKind(documents, "Secret"), "the password is the existing Secret's");
            Map<String, Object> deployment = ofKind(documents, "Deployment").get(0);
            assertEquals(2, map(deployment, "spec").get("replicas"));
            Map<String, Object> container = container(deployment);
            assertEquals("registry.example.test/primehub-image-builder/controller:0.1.0-test", container.get("image"));
            Map<String, Map<String, Object>> env = env(container);
            assertEquals(
                    Map.of("name", "team-registry", "key", "token"),
                    map(env.get("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD"), "valueFrom", "secretKeyRef"));
            assertEquals("json", env.get("PRIMEHUB_CUSTOM_IMAGE_LOG_FORMAT").get("value"));
            assertEquals(
                    "image-builder", map(deployment, "spec", "template", "spec").get("serviceAccountName"));
            Map<String, Object> data = map(ofKind(documents, "ConfigMap").get(0), "data");
            assertEquals("true", data.get("PRIMEHUB_FEATURE_CUSTOM_IMAGE"));
            assertEquals("registry.example.test/team", data.get("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX"));
            assertEquals("team-push-secret", data.get("PRIMEHUB_CUSTOM_IMAGE_PUSH_SECRET_NAME"));
            assertEquals(
                    "registry.example.test/primehub-image-builder/buildah:0.1.0-test",
                    data.get("PRIMEHUB_CUSTOM_IMAGE_BUILDER_IMAGE"));
            assertEquals("4Gi", data.get("PRIMEHUB_CUSTOM_IMAGE_BUILD_MEMORY_LIMIT"));
            assertEquals("20Gi", data.get("PRIMEHUB_CUSTOM_IMAGE_BUILD_EPHEMERAL_STORAGE_LIMIT"));
            assertEquals(builds.name(), data.get("PRIMEHUB_CUSTOM_IMAGE_BUILD_NAMESPACE"));
            assertEquals("2h", data.get("PRIMEHUB_CUSTOM_IMAGE_POD_TTL"));
            assertEquals("true", data.get("PRIMEHUB_CUSTOM_IMAGE_INSTALL_CRDS"));
            assertEquals("true", data.get("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_INSECURE"));
            Map<String, Object> service = ofKind(documents, "Service").get(0);
            assertEquals(
                    9090,
                    ((List<Map<String, Object>>) map(service, "spec").get("ports"))
                            .get(0)
                            .get("port"));
            assertTrue(
                    ofKind(documents, "ClusterRole").stream()
                            .anyMatch(role ->
                                    map(role, "metadata").get("name").toString().endsWith("-install-crds")),
                    "the CRD ClusterRole, with installCrds");
            assertTrue(
                    ofKind(documents, "Role").stream()
                            .anyMatch(role ->
                                    builds.name().equals(map(role, "metadata").get("namespace"))),
                    "the Role in the build namespace");
        }
    }

    @Test
    void aPasswordGivenAsAValueGoesIntoTheChartsSecretOnly(TestNamespace namespace) throws Exception {
        String password = "Sup3r-s3cret-" + namespace.name();
        String manifests = template(
                namespace.name(),
                "--set",
                "customImage.enabled=true",
                "--set",
                "customImage.pushRepoPrefix=registry.example.test/team",
                "--set",
                "customImage.registryPassword=" + password);
        List<Map<String, Object>> documents = documents(manifests);
        Map<String, Object> secret = ofKind(documents, "Secret").get(0);
        assertEquals(
                password,
                new String(
                        Base64.getDecoder().decode((String) map(secret, "data").get("password")),
                        StandardCharsets.UTF_8));
        assertEquals(
                1,
                manifests.split(Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)), -1)
                                .length
                        - 1,
                "the password is in the Secret and nowhere else");
        assertFalse(manifests.contains(password), "nowhere in clear");
        Map<String, Map<String, Object>> env =
                env(container(ofKind(documents, "Deployment").get(0)));
        assertEquals(
                Map.of("name", map(secret, "metadata").get("name"), "key", "password"),
                map(env.get("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD"), "valueFrom", "secretKeyRef"));
    }

    @Test
    void refusesValuesThatCouldNotRunNamingTheValue(TestNamespace namespace) throws Exception {
        Run noPrefix =
                helm("template", "pib", CHART.toString(), "-n", namespace.name(), "--set", "customImage.enabled=true");
        assertNotEquals(0, noPrefix.exit());
        assertTrue(noPrefix.out().contains("customImage.pushRepoPrefix: set it"), noPrefix.out());
        Run secretSetting = helm(
                "template",
                "pib",
                CHART.toString(),
                "-n",
                namespace.name(),
                "--set",
                "settings.PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=oops");
        assertNotEquals(0, secretSetting.exit());
        assertTrue(
                secretSetting
                        .out()
                        .contains("settings.PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD: a secret does not"
                                + " belong in a ConfigMap"),
                secretSetting.out());
        assertFalse(Objects.requireNonNull(secretSetting.out()).contains("oops"), "the refused value is not echoed");
        Run managed = helm(
                "template",
                "pib",
                CHART.toString(),
                "-n",
                namespace.name(),
                "--set",
                "settings.PRIMEHUB_CUSTOM_IMAGE_BUILD_NAMESPACE=elsewhere");
        assertNotEquals(0, managed.exit());
        assertTrue(
                managed.out()
                        .contains("settings.PRIMEHUB_CUSTOM_IMAGE_BUILD_NAMESPACE: the chart sets it from its"
                                + " own values"),
                managed.out());
    }

    /** A build namespace that exists already: the controller still gets the right to clean up there. */
    @Test
    void anExistingBuildNamespaceGetsTheCleanUpRoleButIsNotCreated(TestNamespace namespace) throws Exception {
        List<Map<String, Object>> documents =
                documents(template(namespace.name(), "--set", "buildNamespace.name=team-builds"));
        assertEquals(List.of(), ofKind(documents, "Namespace"));
        assertTrue(
                ofKind(documents, "Role").stream()
                        .anyMatch(role ->
                                "team-builds".equals(map(role, "metadata").get("namespace"))),
                "the Role in the build namespace");
    }
}
