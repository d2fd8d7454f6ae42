package io.primehub.imagebuilder.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versions pinned in {@code integration-tests/k8s/versions.env}, the one place that names them, and the cache
 * folder where {@code integration-tests/k8s/provision} puts the binaries of those versions.
 *
 * @param kubernetes e.g. {@code 1.37.2}
 * @param etcd       e.g. {@code 3.7.0}
 */
public record ControlPlaneVersions(String kubernetes, String etcd) {

    /** System property that names versions.env; the module's pom sets it. */
    static final String VERSIONS_FILE_PROPERTY = "it.k8s.versions-file";

    public static ControlPlaneVersions load() {
        Path file = locate();
        Map<String, String> values = parse(file);
        String kubernetes = values.get("KUBERNETES_VERSION");
        String etcd = values.get("ETCD_VERSION");
        if (kubernetes == null || kubernetes.isBlank() || etcd == null || etcd.isBlank()) {
            throw new IllegalStateException(file + " must set KUBERNETES_VERSION and ETCD_VERSION");
        }
        return new ControlPlaneVersions(kubernetes, etcd);
    }

    /** {@code ${XDG_CACHE_HOME:-$HOME/.cache}/primehub-image-builder/k8s/<kubernetes>/bin}, as provision writes it. */
    public Path defaultBinaries() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("primehub-image-builder")
                .resolve("k8s")
                .resolve(kubernetes)
                .resolve("bin");
    }

    private static Path locate() {
        String configured = System.getProperty(VERSIONS_FILE_PROPERTY);
        List<Path> candidates = configured != null
                ? List.of(Path.of(configured))
                : List.of(Path.of("k8s", "versions.env"), Path.of("integration-tests", "k8s", "versions.env"));
        return candidates.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("Cannot find integration-tests/k8s/versions.env (looked at "
                                + candidates + " from " + Path.of("").toAbsolutePath() + "); set -D"
                                + VERSIONS_FILE_PROPERTY
                                + "=PATH"));
    }

    private static Map<String, String> parse(Path file) {
        try {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                int equals = trimmed.indexOf('=');
                if (trimmed.isEmpty() || trimmed.startsWith("#") || equals < 1) {
                    continue;
                }
                values.put(
                        trimmed.substring(0, equals),
                        trimmed.substring(equals + 1).strip());
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
