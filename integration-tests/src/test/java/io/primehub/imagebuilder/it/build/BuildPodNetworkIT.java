package io.primehub.imagebuilder.it.build;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.BuildSiteOnTheNode;
import io.primehub.imagebuilder.it.support.NodeBuildSite;
import io.primehub.imagebuilder.k8s.BuildNetwork;
import io.primehub.imagebuilder.k8s.BuildSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build network settings in a build pod on the tests' real node ({@code IT_NODE}), as {@link BuildPodScriptIT} runs
 * its pods: the CA bundle is a ConfigMap key the kubelet mounts (or, missing, does not), and proxies reach buildah and
 * apt as the pod's environment. The registry and the apt repository are on the node's bridge ({@link NodeBuildSite}).
 */
class BuildPodNetworkIT extends BuildSiteOnTheNode {

    private static final String NAMESPACE = "hub";
    private static final String PULL_SECRET = "base-pull-secret";

    private static ImageSpec spec(String name, List<String> apt) {
        return new ImageSpec(
                NAMESPACE,
                name,
                registry.baseImage(),
                PULL_SECRET,
                Packages.of(apt, List.of(), List.of()),
                "2026-01-01T00:00:00Z");
    }

    private static PodOnTheNode.Run runPod(ApiClient client, TestNamespace namespace, ControllerMadeBuild build)
            throws ApiException {
        node.admit(client, namespace.name());
        PodOnTheNode.Run run = PodOnTheNode.run(client, namespace.name(), build);
        System.out.println("--- build pod " + build.pod().getMetadata().getName() + ": " + run.describe());
        return run;
    }

    /** The ConfigMap volume is optional, so the kubelet starts the pod and the script says what is missing at once. */
    @Test
    void aCaBundleConfigMapThatIsNotThereFailsTheBuildAtInitNamingTheSetting(ApiClient client, TestNamespace namespace)
            throws Exception {
        BuildNetwork network =
                BuildNetwork.none().withCaBundle(Optional.of(new BuildNetwork.CaBundleRef("corporate-ca", "ca.crt")));
        ControllerMadeBuild build = ControllerMadeBuild.of(
                spec("no-ca-config-map", List.of()),
                registry.settings(),
                Optional.of(registry.dockerConfigJson()),
                BuildSecurity.PRIVILEGED,
                network);

        PodOnTheNode.Run run = runPod(client, namespace, build);

        assertEquals(10, run.exitCode(), run::describe);
        assertEquals(
                "error: init: BUILD_CA_BUNDLE: no readable, non-empty file at /ca-bundle/ca.crt (in a build pod:"
                        + " the ConfigMap or the key that PRIMEHUB_CUSTOM_IMAGE_BUILD_CA_BUNDLE names is missing in this"
                        + " namespace)",
                run.terminationMessage(),
                run::describe);
    }

    /**
     * The CA bundle's ConfigMap is added to what buildah and apt trust, and the proxies reach buildah and apt: a proxy
     * that answers nothing, which the build gets past only because NO_PROXY names the registry and apt repository.
     */
    @Test
    void buildsWithTheCaBundleOfAConfigMapAndGetsPastAProxyThatNoProxyExempts(
            ApiClient client, TestNamespace namespace, @TempDir Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.make(dir);
        new CoreV1Api(client)
                .createNamespacedConfigMap(
                        namespace.name(),
                        new V1ConfigMap()
                                .metadata(
                                        new V1ObjectMeta().name("corporate-ca").namespace(namespace.name()))
                                .data(Map.of("root.pem", Files.readString(certificates.caPem()))))
                .execute();
        String host = registry.address().substring(0, registry.address().lastIndexOf(':'));
        BuildNetwork network = BuildNetwork.load(key -> Optional.ofNullable(Map.of(
                        BuildNetwork.HTTP_PROXY_KEY,
                        "http://" + host + ":9",
                        BuildNetwork.HTTPS_PROXY_KEY,
                        "http://" + host + ":9",
                        BuildNetwork.NO_PROXY_KEY,
                        host,
                        BuildNetwork.CA_BUNDLE_KEY,
                        "corporate-ca/root.pem")
                .get(key)));
        ImageSpec spec = spec("ca-and-proxy", List.of("curl"));
        ControllerMadeBuild build = ControllerMadeBuild.of(
                spec, registry.settings(), Optional.of(registry.dockerConfigJson()), BuildSecurity.PRIVILEGED, network);

        PodOnTheNode.Run run = runPod(client, namespace, build);

        assertEquals(0, run.exitCode(), run::describe);
        assertAll(
                () -> assertTrue(
                        run.log()
                                .contains("==> CA bundle: 1 certificate(s) of /ca-bundle/ca.crt added to"
                                        + " /etc/ssl/certs/ca-certificates.crt"),
                        run::describe),
                () -> assertTrue(
                        run.log()
                                .contains("==> network: HTTP_PROXY; HTTPS_PROXY; NO_PROXY; CA bundle"
                                        + " /ca-bundle/ca.crt"),
                        run::describe),
                () -> assertTrue(
                        run.log()
                                .contains("mounted into RUN steps: apt.conf:/etc/apt/apt.conf.d/99primehub-build:ro"
                                        + " run-files:/run/primehub-build:ro"),
                        run::describe),
                () -> assertTrue(
                        run.terminationMessage()
                                .startsWith("pushed: " + build.job().pushedImage() + "@"),
                        run::describe),
                () -> assertFalse(run.everything().contains(registry.password()), "the registry password is shown"));
    }
}
