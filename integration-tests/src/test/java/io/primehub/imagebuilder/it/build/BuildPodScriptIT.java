package io.primehub.imagebuilder.it.build;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.primehub.imagebuilder.domain.model.ImageReference;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.BuildSiteOnTheNode;
import io.primehub.imagebuilder.it.support.NodeBuildSite;
import io.primehub.imagebuilder.it.support.PrivateBaseRegistry;
import io.primehub.imagebuilder.k8s.BuildSecurity;
import io.primehub.imagebuilder.registry.client.Descriptor;
import io.primehub.imagebuilder.registry.client.RegistryClientException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build pod that the controller's own parts make of a real {@link ImageSpec} ({@link ControllerMadeBuild}: planner,
 * renderer, ConfigMap with the build script, pod and secrets, the push secret written by the registry adapter from real
 * settings), run by the tests' real node ({@link PodOnTheNode}: kubelet, containerd, runc, the builder image), against
 * a real registry with htpasswd authentication that holds the Debian base image privately ({@link NodeBuildSite}).
 * What was pushed is read back through the registry's v2 API with the adapter's client.
 */
class BuildPodScriptIT extends BuildSiteOnTheNode {

    private static final String NAMESPACE = "hub";
    private static final String PULL_SECRET = "base-pull-secret";
    private static final String MISSING_PACKAGE = "primehub-it-no-such-package";
    private static final Pattern PUSHED = Pattern.compile("pushed: (?<ref>\\S+)@(?<digest>sha256:[0-9a-f]{64})");

    private static PushedImage base;

    /** After the build site is up ({@link BuildSiteOnTheNode}): the base image as its registry holds it. */
    @BeforeAll
    static void readTheBase() {
        base = PushedImage.read(registry.client(), registry.baseImage());
    }

    private static ImageSpec spec(String name, String pullSecret, List<String> apt) {
        return new ImageSpec(
                NAMESPACE,
                name,
                registry.baseImage(),
                pullSecret,
                Packages.of(apt, List.of(), List.of()),
                "2026-01-01T00:00:00Z");
    }

    private static PodOnTheNode.Run runPod(ApiClient client, TestNamespace namespace, ControllerMadeBuild build)
            throws ApiException {
        System.out.println(
                "--- build pod " + build.pod().getMetadata().getName() + ": Dockerfile\n" + build.dockerfile());
        node.admit(client, namespace.name());
        PodOnTheNode.Run run = PodOnTheNode.run(client, namespace.name(), build);
        System.out.println("--- build pod " + build.pod().getMetadata().getName() + ": " + run.describe());
        return run;
    }

    @Test
    void buildsAptPackagesOnAPrivateBaseAndPushesTheRevisionTheControllerPlanned(
            ApiClient client, TestNamespace namespace) throws Exception {
        ImageSpec spec = spec("curl-notebook", PULL_SECRET, List.of("curl"));
        ControllerMadeBuild build =
                ControllerMadeBuild.of(spec, registry.settings(), Optional.of(registry.dockerConfigJson()));
        String target = build.job().pushedImage();
        assertEquals(
                registry.address() + "/team/curl-notebook:" + spec.revision().value(), target);

        PodOnTheNode.Run run = runPod(client, namespace, build);

        assertEquals(0, run.exitCode(), run::describe);
        var pushed = PUSHED.matcher(run.terminationMessage());
        assertTrue(pushed.matches(), () -> "termination message: " + run.terminationMessage());
        assertEquals(target, pushed.group("ref"));
        assertFalse(run.everything().contains(registry.password()), "the registry password is in the pod's output");

        PushedImage image = PushedImage.read(registry.client(), target);
        assertEquals(pushed.group("digest"), image.manifest().digest(), "the pushed digest is the manifest's");
        assertEquals(base.user(), image.user(), "the image runs as the base image's user, not as root");
        assertEquals("jovyan", image.user());

        int baseLayers = base.manifest().layers().size();
        assertEquals(base.diffIds(), image.diffIds().subList(0, baseLayers), "the image is built on the base's layers");
        List<Descriptor> added = image.layersAfter(baseLayers);
        assertFalse(added.isEmpty(), "the build added no layer");
        List<String> addedPaths = new ArrayList<>();
        added.forEach(layer -> addedPaths.addAll(image.paths(layer)));
        List<String> aptLists =
                addedPaths.stream().filter(BuildPodScriptIT::isAptListFile).toList();
        assertAll(
                () -> assertTrue(addedPaths.contains("usr/bin/curl"), "usr/bin/curl is in no layer the build added"),
                // apt-get update changed the lists folder, so the layer holds it: the check below looks in the right
                // place.
                () -> assertTrue(addedPaths.contains("var/lib/apt/lists/"), "the lists folder is in no added layer"),
                () -> assertEquals(List.of(), aptLists, "apt's package lists are left in the image"));

        long addedBytes = added.stream().mapToLong(Descriptor::size).sum();
        System.out.printf(
                "MEASURE spec=%s packages=apt:curl build-seconds=%.1f pushed-bytes=%d base-bytes=%d"
                        + " added-bytes=%d layers=%d added-layers=%d%n",
                spec.name(),
                run.took().toMillis() / 1000.0,
                image.pushedBytes(),
                base.pushedBytes(),
                addedBytes,
                image.manifest().layers().size(),
                added.size());
    }

    /**
     * The capabilities mode builds on a real runtime: runc runs the build container unprivileged, with only the
     * capabilities its pod adds and no new privileges; it installs a package with apt and pushes.
     */
    @Test
    void buildsWithOnlyTheCapabilitiesOfTheCapabilitiesMode(ApiClient client, TestNamespace namespace)
            throws Exception {
        ImageSpec spec = spec("capabilities-only", PULL_SECRET, List.of("curl"));
        ControllerMadeBuild build = ControllerMadeBuild.of(
                spec, registry.settings(), Optional.of(registry.dockerConfigJson()), BuildSecurity.CAPABILITIES);
        assertEquals(
                false,
                build.pod()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getSecurityContext()
                        .getPrivileged());

        PodOnTheNode.Run run = runPod(client, namespace, build);

        assertEquals(0, run.exitCode(), run::describe);
        PushedImage image = PushedImage.read(registry.client(), build.job().pushedImage());
        List<String> addedPaths = new ArrayList<>();
        image.layersAfter(base.manifest().layers().size()).forEach(layer -> addedPaths.addAll(image.paths(layer)));
        assertTrue(addedPaths.contains("usr/bin/curl"), "usr/bin/curl is in no layer the build added");
        System.out.printf(
                "MEASURE spec=%s security=capabilities build-seconds=%.1f%n",
                spec.name(), run.took().toMillis() / 1000.0);
    }

    /** Linux's capability numbers (linux/capability.h) of the capabilities a build pod may add. */
    private static final java.util.Map<String, Integer> CAPABILITY_BITS = java.util.Map.ofEntries(
            java.util.Map.entry("CHOWN", 0),
            java.util.Map.entry("DAC_OVERRIDE", 1),
            java.util.Map.entry("FOWNER", 3),
            java.util.Map.entry("FSETID", 4),
            java.util.Map.entry("KILL", 5),
            java.util.Map.entry("SETGID", 6),
            java.util.Map.entry("SETUID", 7),
            java.util.Map.entry("SETPCAP", 8),
            java.util.Map.entry("NET_BIND_SERVICE", 10),
            java.util.Map.entry("SYS_CHROOT", 18),
            java.util.Map.entry("SYS_ADMIN", 21),
            java.util.Map.entry("SETFCAP", 31));

    /**
     * What runc gives the capabilities mode's container, read in the container itself: exactly the capabilities the
     * pod adds, effective and bounding, and no new privileges.
     */
    @Test
    void theCapabilitiesModeContainerHasExactlyTheCapabilitiesItsPodAdds(ApiClient client, TestNamespace namespace)
            throws Exception {
        ControllerMadeBuild build = ControllerMadeBuild.of(
                spec("capability-set", PULL_SECRET, List.of("curl")),
                registry.settings(),
                Optional.of(registry.dockerConfigJson()),
                BuildSecurity.CAPABILITIES);
        var container = build.pod().getSpec().getContainers().get(0);
        List<String> added = container.getSecurityContext().getCapabilities().getAdd();
        long expected = added.stream()
                .mapToLong(name ->
                        1L << java.util.Objects.requireNonNull(CAPABILITY_BITS.get(name), "no bit known for " + name))
                .reduce(0L, (a, b) -> a | b);
        container.setCommand(List.of("sh", "-c", "grep -E '^(CapEff|CapBnd|NoNewPrivs):' /proc/self/status"));
        container.setArgs(null);

        PodOnTheNode.Run run = runPod(client, namespace, build);

        assertEquals(0, run.exitCode(), run::describe);
        java.util.Map<String, String> status = new java.util.HashMap<>();
        run.log()
                .lines()
                .map(line -> line.split(":\\s*", 2))
                .filter(kv -> kv.length == 2)
                .forEach(kv -> status.put(kv[0], kv[1].strip()));
        assertEquals(
                expected,
                Long.parseLong(status.get("CapEff"), 16),
                () -> "effective capabilities " + status + ", expected those of " + added);
        assertEquals(expected, Long.parseLong(status.get("CapBnd"), 16), () -> "bounding set " + status);
        assertEquals("1", status.get("NoNewPrivs"), "allowPrivilegeEscalation: false");
    }

    @Test
    void privateBaseWithoutAPullSecretFailsAtThePullStep(ApiClient client, TestNamespace namespace) throws Exception {
        ImageSpec spec = spec("no-pull-secret", "", List.of());
        ControllerMadeBuild build = ControllerMadeBuild.of(spec, registry.settings(), Optional.empty());

        PodOnTheNode.Run run = runPod(client, namespace, build);

        assertEquals(20, run.exitCode(), run::describe);
        assertTrue(run.lastErrorLine().startsWith("error: pull: "), run::describe);
        assertTrue(
                run.lastErrorLine().contains(registry.baseImage()),
                "the reason names the base: " + run.lastErrorLine());
        assertEquals(run.lastErrorLine(), run.terminationMessage());
        assertNothingPushed(build.job().pushedImage());
    }

    @Test
    void wrongRegistryPasswordFailsAtThePushStepAndIsPrintedNowhere(ApiClient client, TestNamespace namespace)
            throws Exception {
        String wrongPassword = "Wrong-" + UUID.randomUUID();
        ImageSpec spec = spec("wrong-password", PULL_SECRET, List.of());
        // The pull secret is right, so the build gets as far as the push, whose secret is written from wrong settings.
        ControllerMadeBuild build = ControllerMadeBuild.of(
                spec, registry.settings(wrongPassword), Optional.of(registry.dockerConfigJson()));

        PodOnTheNode.Run run = runPod(client, namespace, build);

        assertEquals(40, run.exitCode(), run::describe);
        assertTrue(run.lastErrorLine().startsWith("error: push: "), run::describe);
        assertEquals(run.lastErrorLine(), run.terminationMessage());
        String wrongAuth = Base64.getEncoder()
                .encodeToString((PrivateBaseRegistry.USER + ":" + wrongPassword).getBytes(StandardCharsets.UTF_8));
        assertAll(
                () -> assertFalse(run.everything().contains(wrongPassword), "the wrong password is in the output"),
                () -> assertFalse(run.everything().contains(wrongAuth), "the wrong password's auth is in the output"),
                () -> assertFalse(
                        run.everything().contains(registry.password()), "the pull password is in the output"));
        assertNothingPushed(build.job().pushedImage());
    }

    @Test
    void packageThatDoesNotExistFailsAtTheBuildStepNamingIt(ApiClient client, TestNamespace namespace)
            throws Exception {
        ImageSpec spec = spec("missing-package", PULL_SECRET, List.of(MISSING_PACKAGE));
        ControllerMadeBuild build =
                ControllerMadeBuild.of(spec, registry.settings(), Optional.of(registry.dockerConfigJson()));

        PodOnTheNode.Run run = runPod(client, namespace, build);

        assertEquals(30, run.exitCode(), run::describe);
        assertTrue(run.lastErrorLine().startsWith("error: build: "), run::describe);
        assertTrue(run.lastErrorLine().contains("Unable to locate package " + MISSING_PACKAGE), run::describe);
        assertEquals(run.lastErrorLine(), run.terminationMessage());
        assertNothingPushed(build.job().pushedImage());
    }

    private static void assertNothingPushed(String reference) {
        ImageReference parsed = ImageReference.parse(reference);
        RegistryClientException e = assertThrows(
                RegistryClientException.class,
                () -> registry.client().manifest(parsed.path(), parsed.tag()),
                reference + " was pushed");
        assertEquals(404, e.status());
    }

    /** A file in apt's lists folder other than its lock and its partial downloads; whiteouts delete, they do not keep. */
    private static boolean isAptListFile(String path) {
        if (!path.startsWith("var/lib/apt/lists/") || path.endsWith("/")) {
            return false;
        }
        String rest = path.substring("var/lib/apt/lists/".length());
        String file = rest.substring(rest.lastIndexOf('/') + 1);
        return !rest.equals("lock") && !rest.startsWith("partial/") && !file.startsWith(".wh.");
    }
}
