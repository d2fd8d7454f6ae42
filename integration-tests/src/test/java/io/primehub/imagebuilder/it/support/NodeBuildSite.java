package io.primehub.imagebuilder.it.support;

import com.sun.net.httpserver.HttpServer;
import io.primehub.imagebuilder.it.cluster.TestNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What build pods on the {@link TestNode} reach, all on the node's bridge address, since pods have no route beyond it:
 * <ul>
 *   <li>a small apt repository ({@code integration-tests/k8s/provision-apt-repo}: curl, ca-certificates, python3-pip and what the
 *       base lacks of their dependencies), served over HTTP by this JVM;</li>
 *   <li>the private registry ({@link PrivateBaseRegistry}, htpasswd) holding a base image made for the node: the
 *       tests' Debian base whose apt sources name only that repository, so a build's {@code apt-get} is hermetic.</li>
 * </ul>
 */
public final class NodeBuildSite implements AutoCloseable {

    private static final long BUILDAH_TIMEOUT_MINUTES = 5;

    private final HttpServer aptServer;
    private final PrivateBaseRegistry registry;

    private NodeBuildSite(HttpServer aptServer, PrivateBaseRegistry registry) {
        this.aptServer = aptServer;
        this.registry = registry;
    }

    public PrivateBaseRegistry registry() {
        return registry;
    }

    public static NodeBuildSite start() {
        BuildPrerequisites.check();
        Path repository =
                Path.of(ModuleScripts.provision("k8s", "provision-apt-repo", BuildPrerequisites.PREPARE_HINT));
        String baseLocation = BuildPrerequisites.baseImageLocation();
        HttpServer apt = serve(repository);
        Path archive = null;
        try {
            String source = "deb [trusted=yes] http://" + TestNode.ADDRESS + ":"
                    + apt.getAddress().getPort() + "/ ./";
            archive = Files.createTempFile("node-base", ".oci.tar");
            nodeBase(baseLocation, source, archive);
            return new NodeBuildSite(
                    apt, PrivateBaseRegistry.startWithBase("oci-archive:" + archive, TestNode.ADDRESS));
        } catch (IOException e) {
            apt.stop(0);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            apt.stop(0);
            throw e;
        } finally {
            if (archive != null) {
                try {
                    Files.deleteIfExists(archive);
                } catch (IOException ignored) {
                    // a leftover temp file must not hide the result
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            aptServer.stop(0);
        }
    }

    /** The files of {@code folder}, read-only, on the node's address; a name outside it or missing is a 404. */
    private static HttpServer serve(Path folder) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(TestNode.ADDRESS, 0), 16);
            server.createContext("/", exchange -> {
                try (exchange) {
                    Path file = folder.resolve(
                                    exchange.getRequestURI().getPath().substring(1))
                            .normalize();
                    boolean found = file.startsWith(folder) && Files.isRegularFile(file);
                    if (!found || !List.of("GET", "HEAD").contains(exchange.getRequestMethod())) {
                        exchange.sendResponseHeaders(found ? 405 : 404, -1);
                        return;
                    }
                    boolean head = "HEAD".equals(exchange.getRequestMethod());
                    exchange.sendResponseHeaders(200, head ? -1 : Files.size(file));
                    if (!head) {
                        try (InputStream in = Files.newInputStream(file);
                                OutputStream out = exchange.getResponseBody()) {
                            in.transferTo(out);
                        }
                    }
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve the apt repository on " + TestNode.ADDRESS + " (is the test node running?)", e);
        }
    }

    /** The tests' base with {@code source} as its only apt source, as an OCI archive; its USER is kept. */
    private static void nodeBase(String baseLocation, String source, Path archive) {
        String script = """
                set -euo pipefail
                container=$(buildah from --pull=never "$1")
                trap 'buildah rm "$container" >/dev/null' EXIT
                buildah run --isolation chroot --user root "$container" -- sh -c \
                'rm -f /etc/apt/sources.list.d/* && printf "%s\\n" "$0" >/etc/apt/sources.list' "$2"
                rm -f "$3"
                buildah commit --quiet "$container" "oci-archive:$3" >/dev/null""";
        run(List.of("bash", "-c", script, "node-base", baseLocation, source, archive.toString()));
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(BUILDAH_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(
                        "making the node's base image took over " + BUILDAH_TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("making the node's base image failed with exit code "
                        + process.exitValue() + " (buildah's messages are above)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
