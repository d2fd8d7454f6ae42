package io.primehub.imagebuilder.app.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local build hands the real build script a clean environment; buildah is a stand-in that prints what it got. */
class LocalBuildTest {

    private static final String PASSWORD = "pa55-w0rd-never-shown";

    @TempDir
    Path bin;

    private Path fakeBuildah() throws IOException {
        Path buildah = bin.resolve("buildah");
        Files.writeString(buildah, "#!/bin/sh\necho \"fake-buildah $*\"\nenv\nexit 1\n");
        Files.setPosixFilePermissions(buildah, PosixFilePermissions.fromString("rwx------"));
        return buildah;
    }

    @Test
    void registrySettingsNeverReachTheBuildToolsEnvironment() throws IOException {
        fakeBuildah();
        Map<String, String> env = Map.of(
                "PATH", bin + ":/usr/bin:/bin",
                "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD", PASSWORD,
                "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME", "builder");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LocalBuild build = new LocalBuild(env, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(Optional.of(LocalBuild.Engine.BUILDAH), build.detectEngine());

        LocalBuild.Result result = build.build(LocalBuild.Engine.BUILDAH, new LocalBuild.Request(
                "127.0.0.1:5000/base/debian:bookworm", "FROM 127.0.0.1:5000/base/debian:bookworm\nUSER root\n",
                "localhost/spec:96ff7925", false, true, Optional.empty(), Optional.empty()));

        String output = log.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("fake-buildah"), "the stand-in ran: " + output);
        assertTrue(output.contains("BASE_IMAGE=127.0.0.1:5000/base/debian:bookworm"), output);
        assertFalse(output.contains(PASSWORD), output);
        assertFalse(output.contains("PRIMEHUB_"), output);
        assertEquals(20, result.exitStatus(), "a failing pull is the pull step's status");
        assertTrue(result.failure().orElseThrow().startsWith("error: pull:"), result.failure().toString());
    }

    @Test
    void withoutBuildahOrDockerThereIsNoEngine() {
        LocalBuild build = new LocalBuild(Map.of("PATH", bin.toString()), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), build.detectEngine());
    }
}
