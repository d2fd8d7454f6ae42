package io.primehub.imagebuilder.it.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.it.support.PackagedJar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The shipped jar is lean and says what it is: the version and the commit it was built from, no unused or repeated
 * libraries, a Guava without its known vulnerabilities, every library's license and notice, and fixed entry times
 * (so that two builds of one commit give the same bytes).
 */
class PackagedJarContentsIT {

    @Test
    void printsTheProjectsVersionAndTheCommitItWasBuiltFrom() throws Exception {
        String head = run(List.of("git", "rev-parse", "--short=12", "HEAD"), Path.of(".."))
                .strip();
        assertTrue(head.matches("[0-9a-f]{12}"), "the tests run in a Git checkout: " + head);
        String version = run(List.of(javaExecutable(), "-jar", PackagedJar.path(), "--version"), Path.of("."))
                .strip();
        assertTrue(
                version.startsWith("image-builder " + pomVersion() + " (commit " + head),
                "--version printed: " + version);
    }

    @Test
    void holdsNoUnusedOrRepeatedLibraries() throws IOException {
        try (JarFile jar = new JarFile(PackagedJar.path())) {
            Set<String> unwanted = new TreeSet<>();
            jar.stream()
                    .map(ZipEntry::getName)
                    .filter(name -> name.startsWith("com/google/protobuf/")
                            || name.startsWith("io/kubernetes/client/proto/") // the protobuf client
                            || name.startsWith("io/kubernetes/client/fluent/") // client-java-api-fluent
                            || name.equals("io/kubernetes/client/openapi/models/V1PodBuilder.class")
                            || name.startsWith("io/prometheus/client/exemplars/tracer/otel")) // OpenTelemetry tracers
                    .limit(5)
                    .forEach(unwanted::add);
            assertEquals(Set.of(), unwanted);
            Properties guava = new Properties();
            try (InputStream in =
                    jar.getInputStream(jar.getEntry("META-INF/maven/com.google.guava/guava/pom.properties"))) {
                guava.load(in);
            }
            int major = Integer.parseInt(guava.getProperty("version").split("\\.", -1)[0]);
            assertTrue(major >= 32, "Guava " + guava.getProperty("version") + " has CVE-2023-2976 (fixed in 32.0.0)");
        }
    }

    @Test
    void keepsEveryLibrarysLicenseAndNotice() throws IOException {
        try (JarFile jar = new JarFile(PackagedJar.path())) {
            String notice = text(jar, "META-INF/NOTICE");
            String license = text(jar, "META-INF/LICENSE");
            assertTrue(
                    notice.contains("Jackson") && notice.contains("Jakarta Annotations"),
                    "the notices of Jackson and of Jakarta Annotations are both kept, merged:\n" + notice);
            assertTrue(
                    license.split("Apache License", -1).length > 2,
                    "the license texts of several libraries are kept, one after another");
        }
    }

    /**
     * What the build makes (the project's classes, the manifest) has the fixed time of {@code
     * project.build.outputTimestamp}, not the time it was made; what the libraries bring keeps their jars' own times.
     * So two builds of one commit give the same bytes.
     */
    @Test
    void whatTheBuildMakesHasTheFixedTimeNotTheTimeItWasMade() throws IOException {
        String timestamp = System.getProperty("it.output-timestamp");
        assertTrue(timestamp != null && !timestamp.isBlank(), "Failsafe passes it.output-timestamp");
        LocalDateTime fixed = LocalDateTime.ofInstant(Instant.parse(timestamp), ZoneOffset.UTC);
        try (JarFile jar = new JarFile(PackagedJar.path())) {
            List<String> ours = jar.stream()
                    .map(ZipEntry::getName)
                    .filter(name -> name.startsWith("io/primehub/") || name.equals("META-INF/MANIFEST.MF"))
                    .toList();
            assertTrue(ours.size() > 100, "the project's classes are in the jar: " + ours.size());
            Set<LocalDateTime> times = new TreeSet<>();
            // a zip entry's time is a local date and time; the build writes the timestamp's UTC one
            ours.forEach(name -> times.add(jar.getEntry(name).getTimeLocal()));
            assertEquals(Set.of(fixed), times);
        }
    }

    private static String text(JarFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertTrue(entry != null, name + " is in the jar");
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The POM's, as Failsafe passes it (integration-tests/pom.xml). */
    private static String pomVersion() {
        String version = System.getProperty("it.project-version");
        assertTrue(version != null && !version.isBlank(), "Failsafe passes it.project-version");
        return version;
    }

    private static String run(List<String> command, Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), command + " ended");
        assertEquals(0, process.exitValue(), command + " printed: " + output);
        return output;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
