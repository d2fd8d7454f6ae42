package io.primehub.imagebuilder.k8s.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The build script's decisions, run for real with a stand-in {@code buildah} on the PATH that records its arguments
 * and answers as buildah does (an image id, a digest). {@code REGISTRY_INSECURE=true} is about the push registry: the
 * push goes without TLS verification, and so does the pull only from that same registry. The script takes every
 * base image the validator accepts. A build that pip refused on an externally managed Python (PEP 668) ends with
 * one line that says so and what to do. The recipe label and the layer cache reach buildah as documented, and a cache
 * that cannot be written never fails the build.
 */
class BuildScriptTest {

    private static final String ID = "0123456789abcdef".repeat(4);
    private static final String STAND_IN = """
            #!/bin/sh
            printf '%s\\n' "$*" >> "$BUILDAH_CALLS"
            command=$1
            while [ $# -gt 0 ]; do
              case $1 in
                --cache-to) if [ -n "${STAND_IN_CACHE_PUSH_FAILS:-}" ]; then
                              echo "Error: failed pushing cache to $2: unauthorized: authentication required" >&2
                              exit 125
                            fi ;;
                --iidfile) shift; echo "sha256:$STAND_IN_ID" > "$1" ;;
                --digestfile) shift; echo "sha256:$STAND_IN_ID" > "$1" ;;
              esac
              shift
            done
            case $command in
              pull) echo "$STAND_IN_ID" ;;
              inspect) echo "" ;;
              build) if [ -n "${STAND_IN_BUILD_LOG:-}" ]; then cat "$STAND_IN_BUILD_LOG"; exit 1; fi ;;
            esac
            """;
    private static final String TARGET = "127.0.0.1:5000/team/spec:96ff7925";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "insecure {0}, base {1}: pull verified {2}, push verified {3}")
    @CsvSource({
        "true,  debian:bookworm,                          true,  false",
        "true,  docker.io/library/debian:bookworm,        true,  false",
        "true,  registry.example/team/base:1,             true,  false",
        "true,  127.0.0.1:5001/team/base:1,               true,  false",
        "true,  localhost:5000/team/base:1,               true,  false",
        "true,  127.0.0.1:5000/primehub-it/debian:bookworm, false, false",
        "false, 127.0.0.1:5000/primehub-it/debian:bookworm, true,  true",
        "false, debian:bookworm,                          true,  true",
    })
    void turnsTlsVerificationOffForThePushRegistryAlone(
            boolean insecure, String base, boolean pullVerified, boolean pushVerified) throws Exception {
        List<String> calls = run(base, insecure);

        String pull = call(calls, "pull");
        String push = call(calls, "push");
        assertEquals(!pullVerified, pull.contains("--tls-verify=false"), pull);
        assertEquals(!pushVerified, push.contains("--tls-verify=false"), push);
        assertTrue(pull.endsWith("docker://" + base), pull);
        assertTrue(push.endsWith("docker://" + TARGET), push);
    }

    /** The validator and the script agree: what the one accepts the other builds, and the other way round. */
    @ParameterizedTest
    @CsvSource({
        "true,  LONGEST_DOCKER_HUB_NAME_AND_TAG",
        "true,  127.0.0.1:5000/team/base@sha512:SHA512",
        "true,  localhost/a__b---c.d/e_f:T_1.2-x",
        "true,  Registry.Example:5000/base:1",
        "false, [::1]:5000/team/base:1",
        "false, 127.0.0.1:5000/team/base:1@sha256:SHA256",
    })
    void theScriptBuildsEveryBaseImageTheValidatorAcceptsAndNoOther(boolean accepted, String template)
            throws Exception {
        String base = template.replace("LONGEST_DOCKER_HUB_NAME_AND_TAG", "a".repeat(237) + ":" + "t".repeat(128))
                .replace("SHA512", "0".repeat(128))
                .replace("SHA256", "0".repeat(64));
        assertEquals(accepted, ImageReference.buildProblem(base).isEmpty(), base);
        if (accepted) {
            assertTrue(call(run(base, false), "pull").endsWith("docker://" + base));
        }
    }

    @ParameterizedTest(name = "RECIPE_DIGEST \"{0}\": label {1}")
    @CsvSource({
        "'',                    false",
        "sha256:RECIPE,         true",
    })
    void labelsTheImageWithTheRecipeDigestWhenGivenOne(String digest, boolean labelled) throws Exception {
        String recipe = digest.replace("RECIPE", "ab".repeat(32));
        String build = call(
                run("debian:bookworm", false, Map.of("RECIPE_DIGEST", recipe), 0)
                        .calls(),
                "build");
        assertEquals(labelled, build.contains("--label io.primehub.image-builder.recipe=" + recipe + " "), build);
        assertEquals(labelled, build.contains("--label"), build);
    }

    @ParameterizedTest
    @CsvSource({"sha256:abc", "sha1:0123456789abcdef0123456789abcdef01234567", "'sha256:x --label evil=1'"})
    void refusesARecipeDigestOfAnotherShapeAtInit(String digest) throws Exception {
        Run run = run("debian:bookworm", false, Map.of("RECIPE_DIGEST", digest), 10);
        assertTrue(run.output().contains("error: init: RECIPE_DIGEST must be sha256:<64 hex digits>"), run.output());
        assertTrue(run.calls().stream().noneMatch(c -> c.startsWith("build ")), "nothing built: " + run.calls());
    }

    @ParameterizedTest(name = "cache push fails: {0}")
    @CsvSource({"false", "true"})
    void usesTheLayerCacheAndBuildsAgainReadingItOnlyWhenItCannotBeWritten(boolean pushFails) throws Exception {
        String cache = "127.0.0.1:5000/team/build_cache";
        Map<String, String> env = pushFails
                ? Map.of("CACHE_REPOSITORY", cache, "STAND_IN_CACHE_PUSH_FAILS", "1")
                : Map.of("CACHE_REPOSITORY", cache);
        Run run = run("debian:bookworm", true, env, 0);
        List<String> builds =
                run.calls().stream().filter(c -> c.startsWith("build ")).toList();
        assertEquals(pushFails ? 2 : 1, builds.size(), run.output());
        String first = builds.get(0);
        assertTrue(first.contains("--layers --cache-from " + cache + " --cache-to " + cache + " --authfile "), first);
        assertTrue(first.contains("--tls-verify=false"), "the insecure push registry's: " + first);
        if (pushFails) {
            String second = builds.get(1);
            assertTrue(
                    second.contains("--layers --cache-from " + cache + " --authfile ")
                            && !second.contains("--cache-to"),
                    second);
            assertTrue(
                    run.output().contains("==> the layer cache cannot be written (failed pushing cache to " + cache),
                    run.output());
        }
        assertTrue(run.output().contains("(layer cache: 0 of 0 steps reused)"), run.output());
    }

    /** A build that fails for its own reasons with the cache on is not run again, and says why as without it. */
    @Test
    void aFailedBuildWithTheLayerCacheRunsOnceAndKeepsItsReason() throws Exception {
        Path log = dir.resolve("build.log");
        try (InputStream in = BuildScriptTest.class.getResourceAsStream("pip-externally-managed.build.log")) {
            Files.copy(in, log);
        }
        Outcome outcome = runScript(
                "debian:bookworm",
                true,
                Map.of("STAND_IN_BUILD_LOG", log.toString(), "CACHE_REPOSITORY", "127.0.0.1:5000/team/build_cache"));
        assertEquals(30, outcome.exitCode(), outcome.output());
        assertTrue(
                outcome.lastLine().startsWith("error: build: pip refuses to install into the base image's Python"),
                outcome.lastLine());
        assertEquals(
                1,
                Files.readAllLines(dir.resolve("calls")).stream()
                        .filter(c -> c.startsWith("build "))
                        .count(),
                "built once");
        assertFalse(outcome.output().contains("the layer cache cannot be written"), outcome.output());
    }

    @Test
    void buildsWithoutTheLayerCacheWhenNoneIsGiven() throws Exception {
        String build = call(run("debian:bookworm", false), "build");
        assertFalse(build.contains("--layers") || build.contains("--cache"), build);
    }

    @Test
    void keepsLayersInLocalStorageWhenAskedWithoutACacheRepository() throws Exception {
        Run run = run("debian:bookworm", false, Map.of("LOCAL_LAYERS", "true"), 0);
        String build = call(run.calls(), "build");
        assertTrue(build.contains("--layers ") && !build.contains("--cache"), build);
        assertTrue(run.output().contains("layer cache local storage"), run.output());
    }

    @ParameterizedTest
    @CsvSource({"yes", "TRUE", "'true --squash'"})
    void refusesALocalLayersValueOtherThanTrueOrFalseAtInit(String value) throws Exception {
        Run run = run("debian:bookworm", false, Map.of("LOCAL_LAYERS", value), 10);
        assertTrue(
                run.output().contains("error: init: LOCAL_LAYERS must be true or false, not '" + value + "'"),
                run.output());
        assertTrue(run.calls().stream().noneMatch(c -> c.startsWith("build ")), "nothing built: " + run.calls());
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1:5000/team/cache:1", "127.0.0.1:5001/team/cache", "'127.0.0.1:5000/team/cache --squash'"})
    void refusesACacheRepositoryWithATagOrOnAnotherRegistry(String cache) throws Exception {
        Run run = run("debian:bookworm", false, Map.of("CACHE_REPOSITORY", cache), 10);
        assertTrue(run.output().contains("error: init: CACHE_REPOSITORY "), run.output());
    }

    private record Run(String output, List<String> calls) {}

    /** A run that ends with {@code exitCode}: its output and the buildah calls it made. */
    private Run run(String base, boolean insecure, Map<String, String> extraEnv, int exitCode)
            throws IOException, InterruptedException {
        Outcome outcome = runScript(base, insecure, extraEnv);
        assertEquals(exitCode, outcome.exitCode(), outcome.output());
        Path calls = dir.resolve("calls");
        return new Run(outcome.output(), Files.exists(calls) ? Files.readAllLines(calls) : List.of());
    }

    /**
     * pip 23 and later refuses to install into a Python that is externally managed (PEP 668: Debian 12, Ubuntu 24.04)
     * with a wall of text. The build fails as any build does (exit 30, BuildFailed), with one line that says why and
     * what to do. The log is buildah 1.28's own, of a pip section on the tests' Debian base.
     */
    @Test
    void pipRefusingAnExternallyManagedPythonFailsTheBuildWithOneLineSayingWhatToDo() throws Exception {
        Path log = dir.resolve("build.log");
        try (InputStream in = BuildScriptTest.class.getResourceAsStream("pip-externally-managed.build.log")) {
            Files.copy(in, log);
        }

        Outcome outcome = runScript(
                "127.0.0.1:5000/primehub-it/debian-base:bookworm", false, Map.of("STAND_IN_BUILD_LOG", log.toString()));

        assertEquals(30, outcome.exitCode(), outcome.output());
        assertTrue(
                outcome.output().contains("\nerror: externally-managed-environment\n"), "pip's own text is in the log");
        String last = outcome.lastLine();
        assertTrue(
                last.startsWith("error: build: pip refuses to install into the base image's Python, which is"
                        + " externally managed (PEP 668): use a base image with a virtual environment or conda first on its"
                        + " PATH, or let pip install over the system's packages with"
                        + " PRIMEHUB_CUSTOM_IMAGE_PIP_BREAK_SYSTEM_PACKAGES=true (render and build:"
                        + " --pip-break-system-packages) (building at STEP \"RUN pip install --no-cache-dir 'pip' "),
                last);
        for (String wall : List.of(
                "externally-managed-environment",
                "This environment is externally managed",
                "python3-xyz",
                "If you believe this is a mistake",
                "hint: See PEP 668")) {
            assertFalse(last.contains(wall), () -> "the reason repeats pip's \"" + wall + "\": " + last);
        }
        assertEquals(last + "\n", Files.readString(outcome.terminationLog()));
    }

    /** Only a refusal in the step that failed is the reason: pip may have refused in an earlier step that went on. */
    @Test
    void anExternallyManagedRefusalInAnEarlierStepIsNotTheReasonOfALaterFailure() throws Exception {
        Path log = Files.writeString(dir.resolve("build.log"), """
                STEP 1/3: FROM %s
                STEP 2/3: RUN pip install 'six' || true
                error: externally-managed-environment
                hint: See PEP 668 for the detailed specification.
                STEP 3/3: RUN apt-get install -y 'primehub-no-such-package'
                E: Unable to locate package primehub-no-such-package
                Error: building at STEP "RUN apt-get install -y 'primehub-no-such-package'": exit status 100
                """.formatted(ID));

        Outcome outcome = runScript("debian:bookworm", false, Map.of("STAND_IN_BUILD_LOG", log.toString()));

        assertEquals(30, outcome.exitCode(), outcome.output());
        assertEquals(
                "error: build: E: Unable to locate package primehub-no-such-package (building at STEP \"RUN"
                        + " apt-get install -y 'primehub-no-such-package'\": exit status 100)",
                outcome.lastLine());
    }

    @Test
    void anyOtherPipFailureKeepsPipsOwnErrorLine() throws Exception {
        Path log = Files.writeString(dir.resolve("build.log"), """
                STEP 1/2: FROM %s
                STEP 2/2: RUN pip install --no-cache-dir 'primehub-no-such-package'
                ERROR: Could not find a version that satisfies the requirement primehub-no-such-package (from versions: none)
                ERROR: No matching distribution found for primehub-no-such-package
                Error: building at STEP "RUN pip install --no-cache-dir 'primehub-no-such-package'": exit status 1
                """.formatted(ID));

        Outcome outcome = runScript("debian:bookworm", false, Map.of("STAND_IN_BUILD_LOG", log.toString()));

        assertEquals(30, outcome.exitCode(), outcome.output());
        assertTrue(
                outcome.lastLine()
                        .startsWith("error: build: ERROR: Could not find a version that satisfies the"
                                + " requirement primehub-no-such-package"),
                outcome.lastLine());
        assertFalse(outcome.lastLine().contains("PEP 668"), outcome.lastLine());
    }

    /** How one run of the script ended: its exit code, its output (stdout and stderr) and its termination log. */
    private record Outcome(int exitCode, String output, Path terminationLog) {

        String lastLine() {
            String stripped = output.strip();
            return stripped.substring(stripped.lastIndexOf('\n') + 1);
        }
    }

    private List<String> run(String base, boolean insecure) throws IOException, InterruptedException {
        Outcome outcome = runScript(base, insecure, Map.of());
        assertEquals(0, outcome.exitCode(), outcome.output());
        return Files.readAllLines(dir.resolve("calls"));
    }

    private Outcome runScript(String base, boolean insecure, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path buildah = Files.writeString(bin.resolve("buildah"), STAND_IN);
        Files.setPosixFilePermissions(buildah, PosixFilePermissions.fromString("rwx------"));
        Path workspace = Files.createDirectory(dir.resolve("workspace"));
        Files.writeString(workspace.resolve("Dockerfile"), "FROM " + base + "\nUSER root\n");
        Path pushAuth = Files.writeString(dir.resolve("push.json"), "{\"auths\":{}}");
        Path script = Files.writeString(dir.resolve("build-image.sh"), BuildScript.text());
        Path calls = dir.resolve("calls");
        Path tmp = Files.createDirectory(dir.resolve("tmp"));

        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment()
                .putAll(Map.of(
                        "PATH", bin + ":/usr/bin:/bin",
                        "TMPDIR", tmp.toString(),
                        "BUILDAH_CALLS", calls.toString(),
                        "STAND_IN_ID", ID,
                        "BASE_IMAGE", base,
                        "TARGET_IMAGE", TARGET,
                        "REGISTRY_INSECURE", Boolean.toString(insecure),
                        "BUILD_DIR", workspace.toString(),
                        "PUSH_AUTH_FILE", pushAuth.toString(),
                        "PULL_AUTH_FILE", dir.resolve("no-pull-auth.json").toString()));
        // the script writes its last line only into a file that exists, as Kubernetes makes it
        Path terminationLog = Files.createFile(dir.resolve("termination-log"));
        builder.environment().put("TERMINATION_LOG", terminationLog.toString());
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script did not end");
        return new Outcome(process.exitValue(), output, terminationLog);
    }

    private static String call(List<String> calls, String command) {
        return calls.stream()
                .filter(c -> c.startsWith(command + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no buildah " + command + " in " + calls));
    }
}
