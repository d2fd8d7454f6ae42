package io.primehub.imagebuilder.app.build;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.k8s.BuildNetwork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
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
                "PATH",
                bin + ":/usr/bin:/bin",
                "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD",
                PASSWORD,
                "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME",
                "builder");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LocalBuild build = new LocalBuild(env, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(Optional.of(LocalBuild.Engine.BUILDAH), build.detectEngine());

        LocalBuild.Result result = build.build(
                LocalBuild.Engine.BUILDAH,
                new LocalBuild.Request(
                        "127.0.0.1:5000/base/debian:bookworm",
                        "FROM 127.0.0.1:5000/base/debian:bookworm\nUSER root\n",
                        "localhost/spec:96ff7925",
                        false,
                        true,
                        Optional.empty(),
                        Optional.empty()));

        String output = log.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("fake-buildah"), "the stand-in ran: " + output);
        assertTrue(output.contains("BASE_IMAGE=127.0.0.1:5000/base/debian:bookworm"), output);
        assertFalse(output.contains(PASSWORD), output);
        assertFalse(output.contains("PRIMEHUB_"), output);
        assertEquals(20, result.exitStatus(), "a failing pull is the pull step's status");
        assertTrue(
                result.failure().orElseThrow().startsWith("error: pull:"),
                result.failure().toString());
    }

    private static final BuildNetwork NETWORK = BuildNetwork.load(key -> Optional.ofNullable(Map.of(
                    BuildNetwork.HTTP_PROXY_KEY, "http://proxy.example.test:3128",
                    BuildNetwork.NO_PROXY_KEY, "127.0.0.1,.example.test",
                    BuildNetwork.PIP_INDEX_URL_KEY, "https://pypi.example.test/simple",
                    BuildNetwork.APT_MIRROR_KEY, "http://mirror.example.test")
            .get(key)));

    @Test
    void networkSettingsReachTheScriptReplacingTheUsersProxiesAndNothingElseOfTheirs() throws IOException {
        fakeBuildah();
        Path ca = Files.writeString(
                bin.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        Map<String, String> env = Map.of(
                "PATH", bin + ":/usr/bin:/bin",
                "HTTP_PROXY", "http://users-proxy.example.test:1",
                "http_proxy", "http://users-proxy.example.test:1",
                "https_proxy", "http://users-https-proxy.example.test:2",
                "BUILD_PIP_INDEX_URL", "https://stray.example.test/simple",
                "BUILD_CONDA_CHANNEL_ALIAS", "https://stray.example.test/conda",
                "CACHE_REPOSITORY", "stray.example.test/cache",
                "RECIPE_DIGEST", "sha256:" + "0".repeat(64));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LocalBuild build = new LocalBuild(env, new PrintStream(log, true, StandardCharsets.UTF_8));

        build.build(
                LocalBuild.Engine.BUILDAH,
                new LocalBuild.Request(
                        "127.0.0.1:5000/base/debian:bookworm",
                        "FROM 127.0.0.1:5000/base/debian:bookworm\nUSER root\n",
                        "localhost/spec:96ff7925",
                        false,
                        true,
                        Optional.empty(),
                        Optional.empty(),
                        LocalBuild.PullPolicy.MISSING,
                        NETWORK,
                        Optional.of(ca)));

        List<String> seen = log.toString(StandardCharsets.UTF_8).lines().toList();
        assertAll(
                "what buildah's environment holds",
                () -> assertTrue(seen.contains("HTTP_PROXY=http://proxy.example.test:3128"), seen::toString),
                () -> assertTrue(seen.contains("http_proxy=http://proxy.example.test:3128"), seen::toString),
                () -> assertTrue(
                        seen.contains("https_proxy=http://users-https-proxy.example.test:2"),
                        "a proxy no setting replaces is the user's: " + seen),
                () -> assertTrue(seen.contains("no_proxy=127.0.0.1,.example.test"), seen::toString),
                () -> assertTrue(seen.contains("BUILD_PIP_INDEX_URL=https://pypi.example.test/simple"), seen::toString),
                () -> assertTrue(seen.contains("BUILD_APT_MIRROR=http://mirror.example.test"), seen::toString),
                () -> assertTrue(seen.contains("BUILD_CA_BUNDLE=" + ca.toAbsolutePath()), seen::toString),
                () -> assertTrue(seen.stream().anyMatch(line -> line.startsWith("SSL_CERT_FILE=")), seen::toString),
                () -> assertFalse(
                        seen.stream().anyMatch(line -> line.startsWith("BUILD_CONDA_CHANNEL_ALIAS=")),
                        "a script variable of the user's own environment is not passed: " + seen),
                () -> assertFalse(
                        seen.stream()
                                .anyMatch(line ->
                                        line.startsWith("CACHE_REPOSITORY=") || line.startsWith("RECIPE_DIGEST=")),
                        "the controller's variables are not a local build's"),
                () -> assertFalse(seen.toString().contains("stray.example.test"), seen::toString));
    }

    @Test
    void dockerGetsTheProxiesAsBuildArgumentsAndRefusesFilesForRunSteps() throws IOException {
        Path calls = fakeDocker(bin.resolve("calls"));
        BuildNetwork proxiesOnly = BuildNetwork.load(
                key -> Optional.ofNullable(Map.of(BuildNetwork.HTTPS_PROXY_KEY, "http://proxy.example.test:3128")
                        .get(key)));
        LocalBuild build = new LocalBuild(
                Map.of("PATH", bin + ":/usr/bin:/bin", "STAND_IN_CALLS", calls.toString(), "STAND_IN_USER", ""),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertTrue(build.build(LocalBuild.Engine.DOCKER, dockerRequest(proxiesOnly))
                .succeeded());

        List<String> args = calls(calls).get(2).args();
        assertEquals("build", args.get(2));
        String joined = String.join(" ", args);
        assertTrue(
                joined.contains("--build-arg HTTPS_PROXY=http://proxy.example.test:3128 --build-arg"
                        + " https_proxy=http://proxy.example.test:3128"),
                joined);

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> build.build(LocalBuild.Engine.DOCKER, dockerRequest(NETWORK)));
        assertTrue(e.getMessage().contains("need buildah"), e.getMessage());
    }

    private static LocalBuild.Request dockerRequest(BuildNetwork network) {
        return new LocalBuild.Request(
                "127.0.0.1:5000/base/notebook:1",
                "FROM 127.0.0.1:5000/base/notebook:1\n",
                "localhost/spec:1",
                false,
                false,
                Optional.empty(),
                Optional.empty(),
                LocalBuild.PullPolicy.ALWAYS,
                network,
                Optional.empty());
    }

    /**
     * A stand-in {@code docker} that keeps, per call, its arguments, the {@code config.json} of its {@code --config}
     * folder and the Dockerfile it builds; {@code image inspect} answers {@code $STAND_IN_USER}.
     */
    private Path fakeDocker(Path calls) throws IOException {
        Path docker = bin.resolve("docker");
        Files.writeString(docker, """
                #!/bin/bash
                call="$STAND_IN_CALLS/$(printf '%02d' "$(ls "$STAND_IN_CALLS" | wc -l)")"
                mkdir "$call"
                printf '%s\\n' "$@" >"$call/args"
                previous=""
                for arg in "$@"; do
                  if [[ $previous == --config && -f $arg/config.json ]]; then cp "$arg/config.json" "$call/config.json"; fi
                  previous=$arg
                done
                if [[ $1 == image && $2 == inspect ]]; then printf '%s\\n' "$STAND_IN_USER"; fi
                if [[ $3 == build ]]; then cp "${@: -1}/Dockerfile" "$call/Dockerfile"; fi
                if [[ $3 == push ]]; then
                  echo "The push refers to repository [${4%:*}]"
                  echo "${4##*:}: digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef size: 1234"
                fi
                exit 0
                """);
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        return Files.createDirectories(calls);
    }

    private record DockerCall(List<String> args, Optional<String> configJson, Optional<String> dockerfile) {}

    private static List<DockerCall> calls(Path calls) throws IOException {
        try (Stream<Path> dirs = Files.list(calls)) {
            List<DockerCall> result = new java.util.ArrayList<>();
            for (Path call : dirs.sorted().toList()) {
                result.add(new DockerCall(
                        Files.readAllLines(call.resolve("args")),
                        read(call.resolve("config.json")),
                        read(call.resolve("Dockerfile"))));
            }
            return result;
        }
    }

    private static Optional<String> read(Path file) throws IOException {
        return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }

    private LocalBuild.Result dockerBuild(Path calls, String baseUser, boolean push, Optional<Path> pullAuth) {
        return dockerBuild(calls, baseUser, push, pullAuth, LocalBuild.PullPolicy.ALWAYS);
    }

    @Test
    void dockerUsesABaseItHasWhenThePolicyIsMissingAndPullsNothing() throws IOException {
        Path calls = fakeDocker(bin.resolve("calls"));
        assertTrue(dockerBuild(calls, "1000", false, Optional.empty(), LocalBuild.PullPolicy.MISSING)
                .succeeded());
        List<String> commands =
                calls(calls).stream().map(call -> String.join(" ", call.args())).toList();
        assertTrue(commands.stream().noneMatch(command -> command.contains(" pull ")), commands.toString());
        assertTrue(
                commands.get(0).startsWith("image inspect --format {{.Id}} 127.0.0.1:5000/base/notebook:1"),
                commands.toString());
    }

    private LocalBuild.Result dockerBuild(
            Path calls, String baseUser, boolean push, Optional<Path> pullAuth, LocalBuild.PullPolicy pullPolicy) {
        Map<String, String> env =
                Map.of("PATH", bin + ":/usr/bin:/bin", "STAND_IN_CALLS", calls.toString(), "STAND_IN_USER", baseUser);
        LocalBuild build =
                new LocalBuild(env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return build.build(
                LocalBuild.Engine.DOCKER,
                new LocalBuild.Request(
                        "127.0.0.1:5000/base/notebook:1",
                        "FROM 127.0.0.1:5000/base/notebook:1\nUSER root\nRUN apt-get install -y 'curl'\n",
                        "127.0.0.1:5000/team/spec:96ff7925",
                        push,
                        false,
                        push ? Optional.of(PUSH_CONFIG.getBytes(StandardCharsets.UTF_8)) : Optional.empty(),
                        pullAuth,
                        pullPolicy));
    }

    private static final String PUSH_CONFIG = "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"cHVzaGVyOnB1c2g=\"}}}";
    private static final String PULL_CONFIG = "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"cHVsbGVyOnB1bGw=\"}}}";

    @Test
    void dockerKeepsTheBaseImagesUserAsBuildahDoes() throws IOException {
        Path calls = fakeDocker(bin.resolve("calls"));

        LocalBuild.Result result = dockerBuild(calls, "1000:100", false, Optional.empty());

        assertTrue(result.succeeded(), result.toString());
        List<DockerCall> made = calls(calls);
        assertEquals(
                List.of("pull", "127.0.0.1:5000/base/notebook:1"),
                made.get(0).args().subList(2, 4));
        assertEquals(
                List.of("image", "inspect", "--format", "{{.Config.User}}", "127.0.0.1:5000/base/notebook:1"),
                made.get(1).args());
        DockerCall build = made.get(2);
        assertEquals("build", build.args().get(2));
        assertFalse(build.args().contains("--pull"), "the base just pulled is the one built on: " + build.args());
        assertTrue(
                build.dockerfile().orElseThrow().startsWith("FROM 127.0.0.1:5000/base/notebook:1\nUSER root\n"),
                build.dockerfile().toString());
        assertTrue(
                build.dockerfile().orElseThrow().endsWith("\nUSER 1000:100\n"),
                build.dockerfile().toString());
        assertEquals(3, made.size(), "no push without --push");
    }

    @Test
    void dockerAddsNoUserForABaseThatRunsAsRoot() throws IOException {
        Path calls = fakeDocker(bin.resolve("calls"));

        assertTrue(dockerBuild(calls, "", false, Optional.empty()).succeeded());

        String dockerfile = calls(calls).get(2).dockerfile().orElseThrow();
        assertEquals("FROM 127.0.0.1:5000/base/notebook:1\nUSER root\nRUN apt-get install -y 'curl'\n", dockerfile);
    }

    @Test
    void dockerRefusesABaseUserThatCannotBeWrittenBack() throws IOException {
        Path calls = fakeDocker(bin.resolve("calls"));

        LocalBuild.Result result = dockerBuild(calls, "evil; RUN id", false, Optional.empty());

        assertFalse(result.succeeded());
        assertTrue(
                result.failure().orElseThrow().startsWith("error: build: the user \"evil; RUN id\""),
                result.failure().toString());
        assertEquals(2, calls(calls).size(), "nothing is built");
    }

    @Test
    void dockerPullsWithThePullAuthFileAndPushesWithThePushCredentialOnly() throws IOException {
        Path calls = fakeDocker(bin.resolve("calls"));
        Path pullAuth = Files.writeString(bin.resolve("pull-auth.json"), PULL_CONFIG);

        LocalBuild.Result result = dockerBuild(calls, "1000", true, Optional.of(pullAuth));
        assertTrue(result.succeeded());
        assertEquals(
                Optional.of("sha256:" + "0123456789abcdef".repeat(4)),
                result.pushedDigest(),
                "the digest docker push printed");

        List<DockerCall> made = calls(calls);
        assertEquals("pull", made.get(0).args().get(2));
        assertEquals(Optional.of(PULL_CONFIG), made.get(0).configJson(), "the pull uses --pull-auth-file");
        assertEquals("build", made.get(2).args().get(2));
        assertEquals(Optional.of(PULL_CONFIG), made.get(2).configJson(), "so does the build's FROM");
        assertEquals(
                List.of("push", "127.0.0.1:5000/team/spec:96ff7925"),
                made.get(3).args().subList(2, 4));
        assertEquals(Optional.of(PUSH_CONFIG), made.get(3).configJson(), "the push uses the push credential");
        assertTrue(Files.exists(pullAuth), "the user's own file is left alone");
    }

    @Test
    void dockerWithoutAPullAuthFileUsesNoCredentialForThePull() throws IOException {
        Path calls = fakeDocker(bin.resolve("calls"));

        assertTrue(dockerBuild(calls, "", true, Optional.empty()).succeeded());

        List<DockerCall> made = calls(calls);
        assertEquals(Optional.empty(), made.get(0).configJson(), "neither the push credential nor the user's login");
        assertEquals(Optional.of(PUSH_CONFIG), made.get(3).configJson());
    }

    @Test
    void theDockerOnTheGivenPathIsTheOneAskedAndRun() throws IOException {
        fakeDocker(bin.resolve("calls"));
        LocalBuild build = new LocalBuild(
                Map.of("PATH", bin.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(Optional.of(LocalBuild.Engine.DOCKER), build.detectEngine(), "its docker info answers");
    }

    @Test
    void withoutBuildahOrDockerThereIsNoEngine() {
        LocalBuild build = new LocalBuild(
                Map.of("PATH", bin.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), build.detectEngine());
    }
}
