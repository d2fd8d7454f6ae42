package io.primehub.imagebuilder.k8s.build;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build script's proxies, mirrors and CA bundle (its header, "proxies, mirrors and private CAs"), run for real with
 * a stand-in {@code buildah} that records its arguments and environment, keeps a copy of every file it is told to mount
 * into {@code RUN} steps, and answers {@code from}/{@code mount} with a folder the test fills as the base's file system.
 */
class BuildScriptNetworkTest {

    private static final String ID = "0123456789abcdef".repeat(4);
    private static final String BASE = "127.0.0.1:5000/team/base:1";
    private static final String CA_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBtestCAtestCAtestCAtestCAtestCAtestCAtestCAtestCAtestCA
            -----END CERTIFICATE-----
            """;
    /**
     * Records each call's arguments (one line) and the proxy and CA variables it saw; {@code build} copies the source of
     * each {@code --volume SRC:DST:ro} to {@code $MOUNTED/<DST>}; {@code mount} answers {@code $STAND_IN_ROOTFS}.
     */
    private static final String STAND_IN = """
            #!/bin/bash
            printf '%s\\n' "$*" >> "$BUILDAH_CALLS"
            printf '%s http_proxy=%s HTTP_PROXY=%s https_proxy=%s no_proxy=%s NO_PROXY=%s SSL_CERT_FILE=%s\\n' "$1" \\
              "${http_proxy:-}" "${HTTP_PROXY:-}" "${https_proxy:-}" "${no_proxy:-}" "${NO_PROXY:-}" \\
              "${SSL_CERT_FILE:-}" >> "$BUILDAH_CALLS.env"
            if [[ -n ${SSL_CERT_FILE:-} ]]; then cp "$SSL_CERT_FILE" "$BUILDAH_CALLS.$1.ssl-cert-file"; fi
            command=$1
            while [ $# -gt 0 ]; do
              case $1 in
                --iidfile) shift; echo "sha256:$STAND_IN_ID" > "$1" ;;
                --digestfile) shift; echo "sha256:$STAND_IN_ID" > "$1" ;;
                --volume)
                  shift
                  IFS=: read -r source target options <<<"$1"
                  mkdir -p "$MOUNTED$(dirname "$target")"
                  cp -r "$source" "$MOUNTED$target"
                  ;;
              esac
              shift
            done
            case $command in
              pull) echo "$STAND_IN_ID" ;;
              inspect) echo "" ;;
              from) echo "probe-container" ;;
              mount) echo "$STAND_IN_ROOTFS" ;;
            esac
            """;

    @TempDir
    Path dir;

    private record Run(int exitCode, String output, List<String> calls, List<String> callEnvironments, Path mounted) {

        String call(String command) {
            return calls.stream()
                    .filter(c -> c.startsWith(command + " "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no buildah " + command + " in " + calls));
        }

        String environmentOf(String command) {
            return callEnvironments.stream()
                    .filter(c -> c.startsWith(command + " "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no buildah " + command + " in " + callEnvironments));
        }

        String mountedFile(String target) throws IOException {
            return Files.readString(mounted.resolve(target.substring(1)), StandardCharsets.UTF_8);
        }

        boolean mounts(String target) {
            return call("build").contains(":" + target + ":ro");
        }
    }

    private static final String ALL_THREE = """
            FROM 127.0.0.1:5000/team/base:1
            USER root
            RUN apt-get update && apt-get install -y 'curl'
            RUN conda install -y 'numpy'
            RUN pip install --no-cache-dir 'pandas'
            """;

    private Run run(String dockerfile, Map<String, String> settings) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path buildah = Files.writeString(bin.resolve("buildah"), STAND_IN);
        Files.setPosixFilePermissions(buildah, PosixFilePermissions.fromString("rwx------"));
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Files.writeString(workspace.resolve("Dockerfile"), dockerfile);
        Path pushAuth = Files.writeString(dir.resolve("push.json"), "{\"auths\":{}}");
        Path script = Files.writeString(dir.resolve("build-image.sh"), BuildScript.text());
        Path calls = dir.resolve("calls");
        Path mounted = Files.createDirectories(dir.resolve("mounted"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));

        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        builder.environment().clear();
        Map<String, String> env = new HashMap<>(Map.of(
                "PATH", bin + ":/usr/bin:/bin",
                "TMPDIR", tmp.toString(),
                "BUILDAH_CALLS", calls.toString(),
                "MOUNTED", mounted.toString(),
                "STAND_IN_ROOTFS", dir.resolve("rootfs").toString(),
                "STAND_IN_ID", ID,
                "BASE_IMAGE", BASE,
                "TARGET_IMAGE", "127.0.0.1:5000/team/spec:96ff7925",
                "BUILD_DIR", workspace.toString(),
                "PUSH_AUTH_FILE", pushAuth.toString()));
        env.put("PULL_AUTH_FILE", dir.resolve("no-pull-auth.json").toString());
        env.put("TERMINATION_LOG", dir.resolve("no-termination-log").toString());
        env.putAll(settings);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script did not end");
        return new Run(
                process.exitValue(),
                output,
                Files.exists(calls) ? Files.readAllLines(calls) : List.of(),
                Files.exists(calls) ? Files.readAllLines(Path.of(calls + ".env")) : List.of(),
                mounted);
    }

    private Path caFile(String content) throws IOException {
        return Files.writeString(dir.resolve("ca.pem"), content);
    }

    @Test
    void withoutSettingsNothingIsMountedAndBuildahGetsNoCaFile() throws Exception {
        Run run = run(ALL_THREE, Map.of());

        assertEquals(0, run.exitCode(), run.output());
        assertFalse(run.call("build").contains("--volume"), run.call("build"));
        assertTrue(run.environmentOf("pull").endsWith("SSL_CERT_FILE="), run.environmentOf("pull"));
        assertFalse(run.output().contains("network:"), run.output());
    }

    @Test
    void writesPipCondaAndAptFilesAndMountsThemReadOnlyIntoRunSteps() throws Exception {
        Path ca = caFile(CA_PEM);
        Map<String, String> settings = new HashMap<>();
        settings.put("BUILD_PIP_INDEX_URL", "https://pypi.example.test/simple");
        settings.put("BUILD_PIP_EXTRA_INDEX_URL", "https://a.example.test/simple https://b.example.test/simple");
        settings.put("BUILD_PIP_TRUSTED_HOST", "pypi.example.test b.example.test:8443");
        settings.put("BUILD_CONDA_CHANNEL_ALIAS", "https://conda.example.test/conda");
        settings.put(
                "BUILD_CONDA_DEFAULT_CHANNELS",
                "https://conda.example.test/pkgs/main https://conda.example.test/pkgs/r");
        settings.put("BUILD_CA_BUNDLE", ca.toString());

        Run run = run(ALL_THREE, settings);

        assertEquals(0, run.exitCode(), run.output());
        assertEquals("""
                # build-image.sh: for the RUN steps of one build, not in the image
                [global]
                index-url = https://pypi.example.test/simple
                extra-index-url = https://a.example.test/simple https://b.example.test/simple
                trusted-host = pypi.example.test b.example.test:8443
                cert = /run/primehub-build/ca-bundle.crt
                """, run.mountedFile("/etc/pip.conf"));
        assertEquals("""
                # build-image.sh: for the RUN steps of one build, not in the image
                channel_alias: 'https://conda.example.test/conda'
                default_channels:
                  - 'https://conda.example.test/pkgs/main'
                  - 'https://conda.example.test/pkgs/r'
                ssl_verify: '/run/primehub-build/ca-bundle.crt'
                """, run.mountedFile("/etc/conda/.condarc"));
        assertTrue(run.mountedFile("/etc/apt/apt.conf.d/99primehub-build")
                .contains("Acquire::https::CAInfo \"/run/primehub-build/ca-bundle.crt\";"));
        String bundle = run.mountedFile("/run/primehub-build/ca-bundle.crt");
        assertTrue(bundle.endsWith(CA_PEM), "the bundle ends with the given CAs");
        assertAll(
                "every mount is read-only",
                () -> assertTrue(run.mounts("/etc/pip.conf")),
                () -> assertTrue(run.mounts("/etc/conda/.condarc")),
                () -> assertTrue(run.mounts("/etc/apt/apt.conf.d/99primehub-build")),
                () -> assertTrue(run.mounts("/run/primehub-build")));
        assertTrue(
                run.calls().stream().noneMatch(c -> c.startsWith("from ")),
                "without an apt mirror the base is not read");
    }

    @Test
    void buildahsPullBuildAndPushTrustTheCaBundleThroughSslCertFile() throws Exception {
        Path ca = caFile(CA_PEM);

        Run run = run(ALL_THREE, Map.of("BUILD_CA_BUNDLE", ca.toString()));

        assertEquals(0, run.exitCode(), run.output());
        for (String command : List.of("pull", "build", "push")) {
            assertTrue(
                    run.environmentOf(command).matches(".* SSL_CERT_FILE=/.*/run-files/ca-bundle\\.crt"),
                    run.environmentOf(command));
            String trusted = Files.readString(Path.of(dir.resolve("calls") + "." + command + ".ssl-cert-file"));
            assertTrue(trusted.endsWith(CA_PEM), command + " trusts the given CAs");
        }
        assertTrue(run.output().contains("CA bundle: 1 certificate(s) of " + ca), run.output());
    }

    @Test
    void mountsAToolsFilesOnlyWhenTheDockerfileRunsTheTool() throws Exception {
        String aptOnly = """
                FROM 127.0.0.1:5000/team/base:1
                USER root
                # pip and conda are not run here
                RUN apt-get update && apt-get install -y 'curl'
                """;
        Map<String, String> settings = Map.of(
                "BUILD_PIP_INDEX_URL", "https://pypi.example.test/simple",
                "BUILD_CONDA_CHANNEL_ALIAS", "https://conda.example.test/conda");

        Run run = run(aptOnly, settings);

        assertEquals(0, run.exitCode(), run.output());
        assertFalse(
                run.call("build").contains("--volume"),
                "no pip.conf or .condarc for an apt-only build: " + run.call("build"));
        Run pipOnly = runAgain("FROM " + BASE + "\nRUN python3 -m pip install 'x'\n", settings);
        assertTrue(pipOnly.mounts("/etc/pip.conf"), pipOnly.call("build"));
        assertFalse(pipOnly.mounts("/etc/conda/.condarc"), pipOnly.call("build"));
        Run mamba = runAgain("FROM " + BASE + "\nRUN mamba install -y 'x'\n", settings);
        assertTrue(mamba.mounts("/etc/conda/.condarc"), mamba.call("build"));
    }

    private Run runAgain(String dockerfile, Map<String, String> settings) throws IOException, InterruptedException {
        Files.deleteIfExists(dir.resolve("calls"));
        Files.deleteIfExists(dir.resolve("calls.env"));
        return run(dockerfile, settings);
    }

    @Test
    void anAptMirrorReplacesThePublicArchivesInTheBasesSourcesAndMountsTheCopiesOverThem() throws Exception {
        Path sources = Files.createDirectories(dir.resolve("rootfs/etc/apt/sources.list.d"));
        Files.writeString(dir.resolve("rootfs/etc/apt/sources.list"), """
                # http://deb.debian.org/debian bookworm main
                deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
                deb https://security.debian.org/debian-security bookworm-security main
                deb http://packages.example.test/debian bookworm main
                deb http://deb.debian.org.example.test/debian bookworm main
                """);
        Files.writeString(sources.resolve("debian.sources"), """
                Types: deb
                URIs: http://deb.debian.org/debian http://ftp.de.debian.org/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
                """);
        Files.writeString(sources.resolve("ubuntu.sources"), """
                Types: deb
                URIs: http://archive.ubuntu.com/ubuntu/
                Suites: noble noble-updates
                Components: main universe

                Types: deb
                URIs: http://security.ubuntu.com/ubuntu/ http://de.archive.ubuntu.com/ubuntu/
                Suites: noble-security
                Components: main
                """);
        Files.writeString(sources.resolve("vendor.list"), "deb http://packages.example.test/debian bookworm main\n");
        Files.writeString(sources.resolve("old.list.disabled"), "deb http://deb.debian.org/debian buster main\n");
        Files.createSymbolicLink(sources.resolve("linked.list"), dir.resolve("rootfs/etc/apt/sources.list"));

        Run run = run(ALL_THREE, Map.of("BUILD_APT_MIRROR", "https://mirror.example.test/apt/"));

        assertEquals(0, run.exitCode(), run.output());
        assertEquals("""
                # https://mirror.example.test/apt/debian bookworm main
                deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] https://mirror.example.test/apt/debian bookworm main
                deb https://mirror.example.test/apt/debian-security bookworm-security main
                deb http://packages.example.test/debian bookworm main
                deb http://deb.debian.org.example.test/debian bookworm main
                """, run.mountedFile("/etc/apt/sources.list"));
        assertEquals("""
                Types: deb
                URIs: https://mirror.example.test/apt/debian https://mirror.example.test/apt/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
                """, run.mountedFile("/etc/apt/sources.list.d/debian.sources"));
        String ubuntu = run.mountedFile("/etc/apt/sources.list.d/ubuntu.sources");
        assertTrue(ubuntu.contains("URIs: https://mirror.example.test/apt/ubuntu/\n"), ubuntu);
        assertTrue(
                ubuntu.contains(
                        "URIs: https://mirror.example.test/apt/ubuntu/ https://mirror.example.test/apt/ubuntu/\n"),
                ubuntu);
        assertAll(
                "only the sources that name a public archive are mounted, over the originals",
                () -> assertFalse(run.mounts("/etc/apt/sources.list.d/vendor.list")),
                () -> assertFalse(run.mounts("/etc/apt/sources.list.d/linked.list"), "a link is not followed"),
                () -> assertFalse(run.mounts("/etc/apt/sources.list.d/old.list.disabled"), "apt does not read it"),
                () -> assertFalse(run.mounts("/etc/apt/apt.conf.d/99primehub-build"), "no CA, no apt.conf file"));
        assertTrue(run.call("from").startsWith("from --pull=never --quiet " + ID), run.call("from"));
        assertTrue(run.calls().contains("rm probe-container"), "the working container is removed: " + run.calls());
        assertTrue(
                run.output()
                        .contains("apt mirror https://mirror.example.test/apt in /etc/apt/sources.list"
                                + " /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/ubuntu.sources"),
                run.output());
    }

    @Test
    void anAptMirrorIsNotLookedForWhenTheDockerfileRunsNoApt() throws Exception {
        Run run = run(
                "FROM " + BASE + "\nRUN pip install 'x'\n", Map.of("BUILD_APT_MIRROR", "http://mirror.example.test"));

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(
                run.calls().stream().noneMatch(c -> c.startsWith("from ")),
                run.calls().toString());
    }

    @Test
    void exportsTheProxiesInBothCasesTheUpperCaseWinning() throws Exception {
        Run run = run(
                ALL_THREE,
                Map.of(
                        "HTTP_PROXY", "http://proxy.example.test:3128",
                        "http_proxy", "http://other.example.test:8080",
                        "https_proxy", "http://lower-only.example.test:3128",
                        "NO_PROXY", "127.0.0.1,.example.test"));

        assertEquals(0, run.exitCode(), run.output());
        for (String command : List.of("pull", "build", "push")) {
            String env = run.environmentOf(command);
            assertAll(
                    command,
                    () -> assertTrue(env.contains(" http_proxy=http://proxy.example.test:3128 "), env),
                    () -> assertTrue(env.contains(" HTTP_PROXY=http://proxy.example.test:3128 "), env),
                    () -> assertTrue(env.contains(" https_proxy=http://lower-only.example.test:3128 "), env),
                    () -> assertTrue(
                            env.contains(" no_proxy=127.0.0.1,.example.test NO_PROXY=127.0.0.1,.example.test "), env));
        }
        assertTrue(
                run.output().contains("==> network: HTTP_PROXY; HTTPS_PROXY; NO_PROXY; CA bundle none"), run.output());
        assertFalse(run.output().contains("proxy.example.test"), "a proxy is named, not shown: " + run.output());
    }

    @Test
    void aMissingCaBundleFailsInitNamingTheSetting() throws Exception {
        Run run = run(
                ALL_THREE,
                Map.of("BUILD_CA_BUNDLE", dir.resolve("ca-bundle/ca.crt").toString()));

        assertEquals(10, run.exitCode(), run.output());
        assertTrue(
                run.output()
                        .strip()
                        .endsWith("error: init: BUILD_CA_BUNDLE: no readable, non-empty file at "
                                + dir.resolve("ca-bundle/ca.crt") + " (in a build pod: the ConfigMap or the key that"
                                + " PRIMEHUB_CUSTOM_IMAGE_BUILD_CA_BUNDLE names is missing in this namespace)"),
                run.output());
        assertTrue(run.calls().isEmpty(), "nothing was pulled");
    }

    @Test
    void aCaBundleWithoutACertificateOrWithAPrivateKeyFailsInit() throws Exception {
        Run none = run(
                ALL_THREE,
                Map.of("BUILD_CA_BUNDLE", caFile("not a certificate\n").toString()));
        assertEquals(10, none.exitCode(), none.output());
        assertTrue(none.output().contains("holds no PEM certificate"), none.output());

        Path withKey = caFile(CA_PEM + "-----BEGIN PRIVATE KEY-----\nMIIsecret\n-----END PRIVATE KEY-----\n");
        Run key = run(ALL_THREE, Map.of("BUILD_CA_BUNDLE", withKey.toString()));
        assertEquals(10, key.exitCode(), key.output());
        assertTrue(key.output().contains("holds a private key; give the CA certificates only"), key.output());
        assertFalse(key.output().contains("MIIsecret"), key.output());
    }

    @Test
    void aUrlWithAPasswordFailsInitWithoutShowingIt() throws Exception {
        Run run = run(ALL_THREE, Map.of("BUILD_PIP_INDEX_URL", "https://builder:Pa55word@pypi.example.test/simple"));

        assertEquals(10, run.exitCode(), run.output());
        assertTrue(
                run.output().contains("error: init: BUILD_PIP_INDEX_URL holds a user name or password"), run.output());
        assertFalse(run.output().contains("Pa55word"), run.output());
    }

    @Test
    void aValueThatIsNoUrlFailsInitNamingIt() throws Exception {
        Run run = run(ALL_THREE, Map.of("BUILD_CONDA_DEFAULT_CHANNELS", "https://conda.example.test/main main"));

        assertEquals(10, run.exitCode(), run.output());
        assertTrue(
                run.output()
                        .contains("error: init: BUILD_CONDA_DEFAULT_CHANNELS: 'main' is not an http:// or https://"
                                + " URL"),
                run.output());
    }
}
