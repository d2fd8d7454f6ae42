package io.primehub.imagebuilder.k8s.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.ImageReference;
import java.io.IOException;
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
 * push goes without TLS verification, and so does the pull only from that same registry. And the script takes every
 * base image the validator accepts.
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
    void turnsTlsVerificationOffForThePushRegistryAlone(boolean insecure, String base, boolean pullVerified,
                                                        boolean pushVerified) throws Exception {
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
    void theScriptBuildsEveryBaseImageTheValidatorAcceptsAndNoOther(boolean accepted, String template) throws Exception {
        String base = template.replace("LONGEST_DOCKER_HUB_NAME_AND_TAG", "a".repeat(237) + ":" + "t".repeat(128))
                .replace("SHA512", "0".repeat(128)).replace("SHA256", "0".repeat(64));
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
        String build = call(run("debian:bookworm", false, Map.of("RECIPE_DIGEST", recipe), 0).calls(), "build");
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
        List<String> builds = run.calls().stream().filter(c -> c.startsWith("build ")).toList();
        assertEquals(pushFails ? 2 : 1, builds.size(), run.output());
        String first = builds.get(0);
        assertTrue(first.contains("--layers --cache-from " + cache + " --cache-to " + cache + " --authfile "), first);
        assertTrue(first.contains("--tls-verify=false"), "the insecure push registry's: " + first);
        if (pushFails) {
            String second = builds.get(1);
            assertTrue(second.contains("--layers --cache-from " + cache + " --authfile ") && !second.contains("--cache-to"),
                    second);
            assertTrue(run.output().contains("==> the layer cache cannot be written (failed pushing cache to " + cache),
                    run.output());
        }
        assertTrue(run.output().contains("(layer cache: 0 of 0 steps reused)"), run.output());
    }

    @Test
    void buildsWithoutTheLayerCacheWhenNoneIsGiven() throws Exception {
        String build = call(run("debian:bookworm", false), "build");
        assertFalse(build.contains("--layers") || build.contains("--cache"), build);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1:5000/team/cache:1", "127.0.0.1:5001/team/cache", "'127.0.0.1:5000/team/cache --squash'"})
    void refusesACacheRepositoryWithATagOrOnAnotherRegistry(String cache) throws Exception {
        Run run = run("debian:bookworm", false, Map.of("CACHE_REPOSITORY", cache), 10);
        assertTrue(run.output().contains("error: init: CACHE_REPOSITORY "), run.output());
    }

    private record Run(String output, List<String> calls) {
    }

    private List<String> run(String base, boolean insecure) throws IOException, InterruptedException {
        return run(base, insecure, Map.of(), 0).calls();
    }

    private Run run(String base, boolean insecure, Map<String, String> extraEnv, int exitCode)
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
        builder.environment().putAll(Map.of(
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
        builder.environment().put("TERMINATION_LOG", dir.resolve("no-termination-log").toString());
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script did not end");
        assertEquals(exitCode, process.exitValue(), output);
        return new Run(output, Files.exists(calls) ? Files.readAllLines(calls) : List.of());
    }

    private static String call(List<String> calls, String command) {
        return calls.stream().filter(c -> c.startsWith(command + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no buildah " + command + " in " + calls));
    }
}
