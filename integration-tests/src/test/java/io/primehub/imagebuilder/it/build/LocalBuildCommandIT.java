package io.primehub.imagebuilder.it.build;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import io.primehub.imagebuilder.it.support.BuildPrerequisites;
import io.primehub.imagebuilder.it.support.FileTrees;
import io.primehub.imagebuilder.it.support.PackagedJar;
import io.primehub.imagebuilder.it.support.PrivateBaseRegistry;
import io.primehub.imagebuilder.registry.client.Descriptor;
import io.primehub.imagebuilder.registry.client.RegistryClientException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local build command as a user runs it, {@code java -jar image-builder.jar build -f imagespec.yaml --push}, with
 * the registry settings in its environment, against a real registry with htpasswd authentication whose base image
 * is private (so the command also gets {@code --pull-auth-file}). And a pip section on the Debian base, whose Python
 * is externally managed (PEP 668), failing with the line that says what to do, then built with the opt-in.
 */
class LocalBuildCommandIT {

    /** A safety net for a hung build, not a timing. */
    private static final long LIMIT_MINUTES = 8;

    private static PrivateBaseRegistry registry;

    @BeforeAll
    static void startRegistryWithPrivateBase() {
        BuildPrerequisites.check();
        PackagedJar.path();
        registry = PrivateBaseRegistry.startWithBase(BuildPrerequisites.baseImageLocation());
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    /** The end of one command line run. */
    private record Outcome(int exitCode, String stdout, String stderr) {

        String lastLine() {
            String stripped = stderr.strip();
            return stripped.substring(stripped.lastIndexOf('\n') + 1);
        }

        String describe() {
            return "exit code " + exitCode + "; stdout: [" + stdout + "]; stderr ends with:\n"
                    + stderr.substring(Math.max(0, stderr.length() - 3000));
        }
    }

    @Test
    void buildWithPushBuildsAndPushesTheRevisionAndPrintsOnlyItsReferenceWithItsDigest(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path manifest = writeManifest(dir, "local-less", List.of("less"));

        Outcome outcome = imageBuilder(
                dir,
                registry.password(),
                "build",
                "-f",
                manifest.toString(),
                "--push",
                "--pull-auth-file",
                writePullAuthFile(dir).toString());

        String revision = Revision.of(registry.baseImage(), Packages.of(List.of("less"), List.of(), List.of()))
                .value();
        String expected = registry.address() + "/team/local-less:" + revision;
        assertEquals(0, outcome.exitCode(), outcome::describe);
        String digest = registry.client()
                .manifest(PrivateBaseRegistry.REPO_PREFIX_PATH + "/local-less", revision)
                .digest();
        assertEquals(
                expected + "@" + digest + System.lineSeparator(),
                outcome.stdout(),
                "stdout is the pushed reference alone, with the digest the registry holds");
        assertAll(
                () -> assertFalse(outcome.stdout().contains(registry.password()), "the password is on stdout"),
                () -> assertFalse(outcome.stderr().contains(registry.password()), "the password is on stderr"));

        PushedImage image = PushedImage.read(registry.client(), expected);
        PushedImage base = PushedImage.read(registry.client(), registry.baseImage());
        List<String> added = new ArrayList<>();
        for (Descriptor layer : image.layersAfter(base.manifest().layers().size())) {
            added.addAll(image.paths(layer));
        }
        assertTrue(added.contains("usr/bin/less"), "usr/bin/less is in no layer the build added");
        assertEquals("jovyan", image.user());
    }

    @Test
    void buildWithPushAndAWrongPasswordFailsAtThePushWithoutPrintingIt(@TempDir Path dir)
            throws IOException, InterruptedException {
        String wrongPassword = "Wrong-" + UUID.randomUUID();
        Path manifest = writeManifest(dir, "local-wrong-password", List.of());

        Outcome outcome = imageBuilder(
                dir,
                wrongPassword,
                "build",
                "-f",
                manifest.toString(),
                "--push",
                "--pull-auth-file",
                writePullAuthFile(dir).toString());

        assertEquals(1, outcome.exitCode(), outcome::describe);
        assertEquals("", outcome.stdout(), "nothing is printed on stdout when nothing was pushed");
        assertTrue(outcome.lastLine().startsWith("error: push: "), outcome::describe);
        assertAll(
                () -> assertFalse(outcome.stderr().contains(wrongPassword), "the wrong password is on stderr"),
                () -> assertFalse(outcome.stderr().contains(registry.password()), "the pull password is on stderr"));
        RegistryClientException e = assertThrows(
                RegistryClientException.class, () -> registry.client().tags("team/local-wrong-password"));
        assertEquals(404, e.status(), "something was pushed");
    }

    /** A base made on this machine (the tests' own, in local storage) is used as it is: nothing is pulled. */
    @Test
    void buildUsesABaseImageInLocalStorageAndNeverPullsWhenToldNot(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path manifest = writeManifest(dir, "local-base", "localhost/my-team/local-base:1", List.of());
        // the base, made here: the tests' Debian base loaded into the build's storage under a local name
        String load = "id=$(buildah pull -q " + BuildPrerequisites.baseImageLocation()
                + ") && buildah tag \"$id\" localhost/my-team/local-base:1";
        Outcome outcome = preparedImageBuilder(dir, registry.password(), load, "build", "-f", manifest.toString());
        assertEquals(0, outcome.exitCode(), outcome::describe);
        assertTrue(outcome.stdout().startsWith("localhost/local-base:"), outcome::describe);
        assertTrue(outcome.stderr().contains("pull policy missing"), outcome::describe);

        Path missing =
                writeManifest(dir.resolve("other"), "no-local-base", "localhost/primehub-it/not-here:1", List.of());
        Outcome refused = imageBuilder(dir, registry.password(), "build", "-f", missing.toString(), "--pull", "never");
        assertEquals(1, refused.exitCode(), refused::describe);
        assertTrue(refused.lastLine().startsWith("error: pull: "), refused::describe);

        Outcome unknown =
                imageBuilder(dir, registry.password(), "build", "-f", manifest.toString(), "--pull", "sometimes");
        assertEquals(2, unknown.exitCode(), unknown::describe);
        assertTrue(
                unknown.stderr().contains("--pull must be always, missing or never, not 'sometimes'"),
                unknown::describe);
    }

    /**
     * A pip section on the Debian base, whose Python is externally managed (bookworm, pip 23.0.1: PEP 668). apt gets
     * python3-pip from the Debian mirror the base's apt sources name. pip refuses before it looks for a package, so the
     * build fails the same whatever the package; with the administrator's opt-in it installs, and the package is pip
     * itself, which python3-pip has just installed, so that no package index is needed.
     */
    @Test
    void aPipSectionOnTheDebianBaseFailsSayingItsPythonIsExternallyManagedUnlessTheOptInIsGiven(@TempDir Path dir)
            throws IOException, InterruptedException {
        String base = "localhost/primehub-it/pep668-base:bookworm";
        List<String> apt = List.of("python3-pip");
        List<String> pip = List.of("pip");
        Path manifest = writeManifest(dir, "local-pep668", base, apt, pip);
        // the tests' Debian base, in the build's storage under a local name: a build without --push pulls nothing
        String load =
                "id=$(buildah pull -q " + BuildPrerequisites.baseImageLocation() + ") && buildah tag \"$id\" " + base;

        Outcome refused = preparedImageBuilder(dir, registry.password(), load, "build", "-f", manifest.toString());

        assertEquals(1, refused.exitCode(), refused::describe);
        assertEquals("", refused.stdout(), "nothing was built");
        assertTrue(
                refused.stderr().contains("\nerror: externally-managed-environment\n"),
                () -> "pip did not refuse: " + refused.describe());
        String last = refused.lastLine();
        assertTrue(
                last.startsWith("error: build: pip refuses to install into the base image's Python, which is"
                        + " externally managed (PEP 668): use a base image with a virtual environment or conda first on its"
                        + " PATH, or let pip install over the system's packages with"
                        + " PRIMEHUB_CUSTOM_IMAGE_PIP_BREAK_SYSTEM_PACKAGES=true (render and build:"
                        + " --pip-break-system-packages) (building at STEP \"RUN pip install --no-cache-dir 'pip' "),
                refused::describe);
        for (String wall : List.of(
                "externally-managed-environment",
                "This environment is externally managed",
                "python3-xyz",
                "If you believe this is a mistake",
                "hint: See PEP 668")) {
            assertFalse(last.contains(wall), () -> "the reason repeats pip's \"" + wall + "\": " + last);
        }

        Outcome optedIn = preparedImageBuilder(
                dir, registry.password(), load, "build", "-f", manifest.toString(), "--pip-break-system-packages");

        String revision = Revision.of(base, Packages.of(apt, pip, List.of())).value();
        assertEquals(0, optedIn.exitCode(), optedIn::describe);
        assertEquals("localhost/local-pep668:" + revision + System.lineSeparator(), optedIn.stdout());
        assertTrue(optedIn.stderr().contains("Requirement already satisfied: pip "), optedIn::describe);
    }

    private static Path writeManifest(Path dir, String name, List<String> apt) throws IOException {
        return writeManifest(dir, name, registry.baseImage(), apt);
    }

    private static Path writeManifest(Path dir, String name, String baseImage, List<String> apt) throws IOException {
        return writeManifest(dir, name, baseImage, apt, List.of());
    }

    private static Path writeManifest(Path dir, String name, String baseImage, List<String> apt, List<String> pip)
            throws IOException {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: primehub.io/v1alpha1
                kind: ImageSpec
                metadata:
                  name: %s
                  namespace: hub
                spec:
                  baseImage: %s
                  packages:
                    apt:
                """.formatted(name, baseImage));
        apt.forEach(item -> yaml.append("      - ").append(item).append('\n'));
        if (apt.isEmpty()) {
            yaml.setLength(yaml.length() - "    apt:\n".length());
            yaml.append("    apt: []\n");
        }
        if (!pip.isEmpty()) {
            yaml.append("    pip:\n");
            pip.forEach(item -> yaml.append("      - ").append(item).append('\n'));
        }
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("imagespec.yaml"), yaml, StandardCharsets.UTF_8);
    }

    /** The base image is private: its pull credentials, as a spec's pull secret would hold them. */
    private static Path writePullAuthFile(Path dir) throws IOException {
        Path file = Files.createFile(
                dir.resolve("pull-auth.json"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.write(file, registry.dockerConfigJson());
    }

    /**
     * Runs the jar in {@code dir} with this JVM's environment minus any {@code PRIMEHUB_*}, plus the registry
     * settings with {@code password}, and buildah's storage in a fresh folder under {@code dir}.
     */
    private static Outcome imageBuilder(Path dir, String password, String... args)
            throws IOException, InterruptedException {
        return preparedImageBuilder(dir, password, null, args);
    }

    /** Runs the jar; {@code prepare}, when given, first runs with bash in the same environment (its storage). */
    private static Outcome preparedImageBuilder(Path dir, String password, String prepare, String... args)
            throws IOException, InterruptedException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path storageConf = dir.resolve("storage.conf");
        Files.writeString(
                storageConf,
                "[storage]\ndriver = \"vfs\"\ngraphroot = \"" + dir.resolve("storage/graph") + "\"\nrunroot = \""
                        + dir.resolve("storage/run") + "\"\n",
                StandardCharsets.UTF_8);

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
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
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("PRIMEHUB_"));
        env.putAll(registry.environment(password));
        env.put("CONTAINERS_STORAGE_CONF", storageConf.toString());
        env.put("TMPDIR", tmp.toString());
        if (prepare != null) {
            ProcessBuilder preparing = new ProcessBuilder("bash", "-c", prepare)
                    .directory(dir.toFile())
                    .inheritIO()
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            preparing.environment().clear();
            preparing.environment().putAll(env);
            Process prepared = preparing.start();
            assertTrue(
                    prepared.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES) && prepared.exitValue() == 0,
                    "preparing the build's storage failed (above): " + prepare);
        }
        Process process = builder.start();
        try {
            if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                fail("image-builder build did not end in " + LIMIT_MINUTES + " minutes; its output is in " + dir);
            }
        } finally {
            FileTrees.delete(dir.resolve("storage"));
        }
        Outcome outcome = new Outcome(
                process.exitValue(),
                Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
        System.out.println("--- image-builder " + String.join(" ", args) + ": " + outcome.describe());
        return outcome;
    }
}
