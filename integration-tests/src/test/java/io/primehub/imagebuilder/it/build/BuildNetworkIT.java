package io.primehub.imagebuilder.it.build;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.primehub.imagebuilder.it.support.BuildPrerequisites;
import io.primehub.imagebuilder.it.support.FileTrees;
import io.primehub.imagebuilder.it.support.ModuleScripts;
import io.primehub.imagebuilder.it.support.PackagedJar;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxies, a pip index, an apt mirror and a private CA reach a real build: {@code java -jar image-builder.jar build}
 * with the {@code PRIMEHUB_CUSTOM_IMAGE_BUILD_*} settings in its environment, buildah with chroot isolation (whose
 * {@code RUN} steps share this machine's network, so a server on 127.0.0.1 is theirs too), and servers the test starts:
 * a PEP 503 index with a wheel it made ({@link SimplePipIndex}), plain or behind a CA only the test knows, a registry
 * behind that CA ({@link TlsRegistry}), and an apt mirror that passes requests on to the archive the base names.
 *
 * <p>The pip builds use a base with pip in a virtual environment ({@code build/provision-python-base}): Debian's own
 * pip refuses to install into the system Python (PEP 668).
 */
class BuildNetworkIT {

    /** A safety net for a hung build, not a timing. */
    private static final long LIMIT_MINUTES = 8;

    private static final String PYTHON_BASE = "localhost/primehub-it/python-venv:bookworm";
    private static final String DEBIAN_BASE = "localhost/primehub-it/debian-base:bookworm";
    private static final String PROBE_REQUIREMENT = SimplePipIndex.PROJECT + "==" + SimplePipIndex.VERSION;

    private static String pythonBaseLocation;
    private static String debianBaseLocation;

    @BeforeAll
    static void provisionBases() {
        BuildPrerequisites.check();
        PackagedJar.path();
        debianBaseLocation = BuildPrerequisites.baseImageLocation();
        pythonBaseLocation = ModuleScripts.provision("build", "provision-python-base", BuildPrerequisites.PREPARE_HINT);
    }

    @Test
    void pipInstallsFromTheIndexThatThePipSettingNamesAndTheImageKeepsNoTraceOfIt(@TempDir Path dir)
            throws IOException, InterruptedException {
        try (SimplePipIndex index = SimplePipIndex.http();
                Workspace workspace = new Workspace(dir)) {
            workspace.load(pythonBaseLocation, PYTHON_BASE);
            Path manifest = manifest(dir, "pip-from-index", PYTHON_BASE, "pip", PROBE_REQUIREMENT);

            Outcome outcome = workspace.imageBuilder(
                    Map.of("PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_INDEX_URL", index.origin() + "/simple"),
                    "build",
                    "-f",
                    manifest.toString(),
                    "--pull",
                    "never");

            assertEquals(0, outcome.exitCode(), outcome::describe);
            assertTrue(
                    index.requests().contains("GET /simple/" + SimplePipIndex.PROJECT + "/"),
                    "pip asked the index for the package: " + index.requests());
            assertTrue(
                    index.requests().contains("GET /files/" + SimplePipIndex.WHEEL_FILE), index.requests()::toString);
            assertTrue(
                    outcome.stderr().contains("mounted into RUN steps: pip.conf:/etc/pip.conf:ro"), outcome::describe);

            String image = outcome.stdout().strip();
            Path root = workspace.mount(image);
            assertEquals(
                    SimplePipIndex.MODULE_TEXT,
                    Files.readString(sitePackages(root).resolve(SimplePipIndex.MODULE_FILE)),
                    "the module the index served is in the image");
            assertEquals(
                    0,
                    Files.size(root.resolve("etc/pip.conf")),
                    "buildah 1.28 leaves the mount point, empty: the index is not in the image");
            assertFalse(
                    workspace.buildah("inspect", "--type", "image", image).contains(index.origin()),
                    "the image's configuration and history do not name the index");
        }
    }

    @Test
    void pipReachesAnIndexThroughTheProxyAndTrustsThePlainHttpHostItIsTold(@TempDir Path dir)
            throws IOException, InterruptedException {
        // The index is also the proxy: pypi.example.test resolves nowhere, so pip reaches it only through the proxy.
        try (SimplePipIndex proxy = SimplePipIndex.http();
                Workspace workspace = new Workspace(dir)) {
            workspace.load(pythonBaseLocation, PYTHON_BASE);
            Path manifest = manifest(dir, "pip-through-proxy", PYTHON_BASE, "pip", PROBE_REQUIREMENT);

            Outcome outcome = workspace.imageBuilder(
                    Map.of(
                            "PRIMEHUB_CUSTOM_IMAGE_BUILD_HTTP_PROXY", "http://" + proxy.address(),
                            "PRIMEHUB_CUSTOM_IMAGE_BUILD_NO_PROXY", "localhost,127.0.0.1",
                            "PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_INDEX_URL", "http://pypi.example.test/simple",
                            "PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_TRUSTED_HOST", "pypi.example.test"),
                    "build",
                    "-f",
                    manifest.toString(),
                    "--pull",
                    "never");

            assertEquals(0, outcome.exitCode(), outcome::describe);
            assertTrue(
                    proxy.requests().contains("GET http://pypi.example.test/simple/" + SimplePipIndex.PROJECT + "/"),
                    "pip sent its request to the proxy: " + proxy.requests());
            assertFalse(
                    outcome.stderr().contains(proxy.address()), "a proxy is named, never shown: " + outcome.describe());
            String image = outcome.stdout().strip();
            Path root = workspace.mount(image);
            assertTrue(Files.exists(sitePackages(root).resolve(SimplePipIndex.MODULE_FILE)), outcome::describe);
            String inspected = workspace.buildah("inspect", "--type", "image", image);
            assertFalse(inspected.contains(proxy.address()), "the proxy is not in the image: " + inspected);
        }
    }

    @Test
    void aPrivateCaIsTrustedByBuildahsPullAndPushAndByPipOnlyWithTheCaBundle(@TempDir Path dir)
            throws IOException, InterruptedException {
        TestCertificates certificates = TestCertificates.make(dir.resolve("certificates"));
        try (TlsRegistry registry = TlsRegistry.start(certificates);
                SimplePipIndex index = SimplePipIndex.https(certificates.serverTls());
                Workspace workspace = new Workspace(dir)) {
            Path certDir = Files.createDirectories(dir.resolve("cert-dir"));
            Files.copy(certificates.caPem(), certDir.resolve("ca.crt"));
            String base = registry.address() + "/primehub-it/python-venv:bookworm";
            workspace.run(
                    "skopeo",
                    "copy",
                    "--quiet",
                    "--dest-cert-dir",
                    certDir.toString(),
                    pythonBaseLocation,
                    "docker://" + base);
            Path manifest = manifest(dir, "pip-behind-ca", base, "pip", PROBE_REQUIREMENT);
            Map<String, String> settings = Map.of(
                    "PRIMEHUB_FEATURE_CUSTOM_IMAGE",
                    "true",
                    "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT",
                    "https://" + registry.address(),
                    "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME",
                    "builder",
                    "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD",
                    "any-password-this-registry-takes",
                    "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX",
                    registry.address() + "/team",
                    "PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_INDEX_URL",
                    index.origin() + "/simple");

            Outcome untrusted =
                    workspace.imageBuilder(settings, "build", "-f", manifest.toString(), "--push", "--pull", "always");
            assertEquals(1, untrusted.exitCode(), untrusted::describe);
            assertTrue(untrusted.lastLine().startsWith("error: pull: cannot pull " + base), untrusted::describe);
            assertTrue(untrusted.lastLine().contains("certificate signed by unknown authority"), untrusted::describe);

            Outcome trusted = workspace.imageBuilder(
                    settings,
                    "build",
                    "-f",
                    manifest.toString(),
                    "--push",
                    "--pull",
                    "always",
                    "--ca-bundle",
                    certificates.caPem().toString());
            assertEquals(0, trusted.exitCode(), trusted::describe);
            assertTrue(
                    index.requests().contains("GET /files/" + SimplePipIndex.WHEEL_FILE),
                    "pip fetched the wheel over TLS: " + index.requests());
            Matcher pushed = Pattern.compile("(" + Pattern.quote(registry.address())
                            + "/team/pip-behind-ca:[0-9a-f]{8})" + "@(sha256:[0-9a-f]{64})")
                    .matcher(trusted.stdout().strip());
            assertTrue(pushed.matches(), trusted::describe);
            String inspected = workspace.run(
                    "skopeo",
                    "inspect",
                    "--cert-dir",
                    certDir.toString(),
                    "--format",
                    "{{.Digest}}",
                    "docker://" + pushed.group(1));
            assertEquals(pushed.group(2), inspected.strip(), "the registry holds what the build pushed");
        }
    }

    @Test
    void anAptMirrorServesTheBuildsAptInPlaceOfTheArchiveTheBaseNames(@TempDir Path dir)
            throws IOException, InterruptedException {
        try (Workspace workspace = new Workspace(dir)) {
            workspace.load(debianBaseLocation, DEBIAN_BASE);
            String upstream = archiveOrigin(workspace.mount(DEBIAN_BASE));
            try (PassThroughMirror mirror = new PassThroughMirror(upstream)) {
                Path manifest = manifest(dir, "apt-from-mirror", DEBIAN_BASE, "apt", "less");

                Outcome outcome = workspace.imageBuilder(
                        Map.of("PRIMEHUB_CUSTOM_IMAGE_BUILD_APT_MIRROR", mirror.origin() + "/"),
                        "build",
                        "-f",
                        manifest.toString(),
                        "--pull",
                        "never");

                assertEquals(0, outcome.exitCode(), outcome::describe);
                assertTrue(
                        outcome.stderr().contains("==> apt mirror " + mirror.origin() + " in /etc/apt/"),
                        outcome::describe);
                List<String> paths = mirror.paths();
                assertAll(
                        "what apt asked the mirror for: " + paths,
                        () -> assertTrue(
                                paths.stream().anyMatch(p -> p.matches("/debian/dists/bookworm/(In)?Release"))),
                        () -> assertTrue(
                                paths.stream().anyMatch(p -> p.matches("/debian/pool/main/l/less/less_.*\\.deb"))));
                Path root = workspace.mount(outcome.stdout().strip());
                assertTrue(Files.exists(root.resolve("usr/bin/less")), outcome::describe);
                assertEquals(upstream, archiveOrigin(root), "the image's apt sources are the base's, not the mirror");
            }
        }
    }

    /** The {@code scheme://host} of the first Debian archive ({@code .../debian}) the base's apt sources name. */
    private static String archiveOrigin(Path root) throws IOException {
        Pattern uri = Pattern.compile("(https?://[^/\\s]+)/debian(/|\\s|$)");
        List<Path> sources = new ArrayList<>();
        Path main = root.resolve("etc/apt/sources.list");
        if (Files.isRegularFile(main)) {
            sources.add(main);
        }
        try (Stream<Path> parts = Files.list(root.resolve("etc/apt/sources.list.d"))) {
            parts.filter(p -> p.toString().endsWith(".sources") || p.toString().endsWith(".list"))
                    .sorted()
                    .forEach(sources::add);
        }
        for (Path file : sources) {
            for (String line : Files.readAllLines(file)) {
                Matcher m = uri.matcher(line);
                if (!line.strip().startsWith("#") && m.find()) {
                    return m.group(1);
                }
            }
        }
        throw new AssertionError("the tests' Debian base names no .../debian archive in its apt sources");
    }

    private static Path sitePackages(Path root) throws IOException {
        try (Stream<Path> pythons = Files.list(root.resolve("opt/venv/lib"))) {
            return pythons.filter(p -> p.getFileName().toString().startsWith("python3"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no python3.* in /opt/venv/lib"))
                    .resolve("site-packages");
        }
    }

    private static Path manifest(Path dir, String name, String baseImage, String manager, String item)
            throws IOException {
        return Files.writeString(
                dir.resolve(name + ".yaml"), """
                apiVersion: primehub.io/v1alpha1
                kind: ImageSpec
                metadata:
                  name: %s
                  namespace: hub
                spec:
                  baseImage: %s
                  packages:
                    %s: ["%s"]
                """.formatted(name, baseImage, manager, item), StandardCharsets.UTF_8);
    }

    /** The end of one command line run. */
    private record Outcome(int exitCode, String stdout, String stderr) {

        String lastLine() {
            String stripped = stderr.strip();
            return stripped.substring(stripped.lastIndexOf('\n') + 1);
        }

        String describe() {
            return "exit code " + exitCode + "; stdout: [" + stdout + "]; stderr ends with:\n"
                    + stderr.substring(Math.max(0, stderr.length() - 4000));
        }
    }

    /**
     * A folder with buildah storage of its own (vfs, as in a pod) for the jar and buildah, removed with the folder's
     * working containers at the end.
     */
    private static final class Workspace implements AutoCloseable {

        private final Path dir;
        private final Map<String, String> env;
        private final List<String> containers = new ArrayList<>();

        Workspace(Path dir) throws IOException {
            this.dir = dir;
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            Path storageConf = dir.resolve("storage.conf");
            Files.writeString(
                    storageConf,
                    "[storage]\ndriver = \"vfs\"\ngraphroot = \"" + dir.resolve("storage/graph") + "\"\nrunroot = \""
                            + dir.resolve("storage/run") + "\"\n",
                    StandardCharsets.UTF_8);
            env = new HashMap<>(System.getenv());
            env.keySet()
                    .removeIf(key -> key.startsWith("PRIMEHUB_")
                            || key.toLowerCase(Locale.ROOT).endsWith("_proxy"));
            env.put("CONTAINERS_STORAGE_CONF", storageConf.toString());
            env.put("TMPDIR", tmp.toString());
        }

        /** Loads an image archive ({@code oci-archive:...}) into this storage as {@code name}. */
        void load(String location, String name) throws IOException, InterruptedException {
            String id = run("buildah", "pull", "--quiet", location).strip();
            run("buildah", "tag", id, name);
        }

        /** The root file system of {@code image}, in a working container removed at the end. */
        Path mount(String image) throws IOException, InterruptedException {
            String container =
                    run("buildah", "from", "--pull=never", "--quiet", image).strip();
            containers.add(container);
            return Path.of(run("buildah", "mount", container).strip());
        }

        String buildah(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("buildah"));
            command.addAll(List.of(args));
            return run(command.toArray(String[]::new));
        }

        /** Runs a tool in this storage; its output, or a failure with it. */
        String run(String... command) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES) || process.exitValue() != 0) {
                fail(String.join(" ", command) + " failed: " + output);
            }
            return output;
        }

        /** Runs the jar with this storage and {@code settings} added to this JVM's environment minus any PRIMEHUB_*. */
        Outcome imageBuilder(Map<String, String> settings, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + env.get("TMPDIR"),
                    "-jar",
                    PackagedJar.path()));
            command.addAll(List.of(args));
            Path stdout = dir.resolve("stdout");
            Path stderr = dir.resolve("stderr");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            builder.environment().putAll(settings);
            Process process = builder.start();
            if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                fail("image-builder build did not end in " + LIMIT_MINUTES + " minutes; its output is in " + dir);
            }
            Outcome outcome = new Outcome(
                    process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
            System.out.println("--- image-builder " + String.join(" ", args) + ": " + outcome.describe());
            return outcome;
        }

        @Override
        public void close() throws IOException {
            for (String container : containers) {
                try {
                    run("buildah", "rm", container);
                } catch (IOException | InterruptedException | AssertionError e) {
                    System.err.println("cannot remove the working container " + container + ": " + e);
                }
            }
            FileTrees.delete(dir.resolve("storage"));
        }
    }

    /**
     * An apt mirror on 127.0.0.1 that answers each GET with what {@code upstream} answers for the same path, and keeps
     * the paths: a stand-in for an organisation's mirror of the archive.
     */
    private static final class PassThroughMirror implements AutoCloseable {

        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(4);
        private final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        private final List<String> paths = new CopyOnWriteArrayList<>();

        PassThroughMirror(String upstream) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getRawPath();
                paths.add(path);
                try {
                    HttpResponse<byte[]> answer = client.send(
                            HttpRequest.newBuilder(URI.create(upstream + path))
                                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    byte[] body = answer.body();
                    boolean head = exchange.getRequestMethod().equals("HEAD");
                    exchange.sendResponseHeaders(answer.statusCode(), head || body.length == 0 ? -1 : body.length);
                    if (!head) {
                        exchange.getResponseBody().write(body);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(502, -1);
                } catch (IOException e) {
                    exchange.sendResponseHeaders(502, -1);
                } finally {
                    exchange.close();
                }
            });
            server.setExecutor(executor);
            server.start();
        }

        String origin() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        List<String> paths() {
            return List.copyOf(paths);
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
