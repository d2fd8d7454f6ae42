package io.primehub.imagebuilder.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.model.Revision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class CommandLineTest {

    private static final String SPEC = """
            apiVersion: primehub.io/v1alpha1
            kind: ImageSpec
            metadata:
              name: base-curl
              namespace: hub
            spec:
              baseImage: jupyter/base-notebook
              packages:
                apt: [curl]
                pip: ["numpy>=1.26"]
              updateTime: "2026-11-27T00:00:00Z"
            """;

    private static final Map<String, String> REGISTRY_ENV = Map.of(
            "PRIMEHUB_FEATURE_CUSTOM_IMAGE", "true",
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT", "http://127.0.0.1:5000",
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME", "builder",
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD", "s3cret-password",
            "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX", "127.0.0.1:5000/team");

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {}

    private Result run(String stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(
                args,
                new Main.CliContext(
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        env,
                        dir));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void renderPrintsTheDockerfileOfAManifestFile() throws IOException {
        Result result =
                run("", Map.of(), "render", "-f", write("spec.yaml", SPEC).toString());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().startsWith("FROM jupyter/base-notebook\n"), result.out());
        assertTrue(result.out().contains("'numpy>=1.26'"), result.out());
        assertEquals("", result.err());
    }

    @Test
    void renderAndBuildLetPipBreakSystemPackagesOnlyWhenAsked() throws IOException {
        Result off = run(SPEC, Map.of(), "render", "-f", "-");
        Result on = run(SPEC, Map.of(), "render", "-f", "-", "--pip-break-system-packages");

        assertEquals(0, on.status(), on.err());
        assertFalse(off.out().contains("PIP_BREAK_SYSTEM_PACKAGES"), off.out());
        assertTrue(
                on.out().contains("\nRUN PIP_BREAK_SYSTEM_PACKAGES=1 pip install --no-cache-dir 'numpy>=1.26' \\\n"),
                on.out());
        assertEquals(off.out(), on.out().replace("RUN PIP_BREAK_SYSTEM_PACKAGES=1 pip", "RUN pip"));

        // build renders the same: a stand-in buildah shows the Dockerfile the build script hands it
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path buildah = Files.writeString(bin.resolve("buildah"), """
                #!/bin/sh
                case $1 in
                  pull) echo 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef ;;
                  inspect) echo jovyan ;;
                  build) while [ "$1" != --file ]; do shift; done; cat "$2"; exit 1 ;;
                esac
                """);
        buildah.toFile().setExecutable(true);
        Result built =
                run(SPEC, Map.of("PATH", bin + ":/usr/bin:/bin"), "build", "-f", "-", "--pip-break-system-packages");
        assertEquals(1, built.status(), built.err());
        assertTrue(
                built.err().contains("\nRUN PIP_BREAK_SYSTEM_PACKAGES=1 pip install --no-cache-dir 'numpy>=1.26' "),
                built.err());
    }

    @Test
    void aTemplateThatCannotLetPipBreakSystemPackagesIsAConfigurationProblem() throws IOException {
        Path template =
                write("older.mustache", "FROM {{baseImage}}\n{{#pip}}\nRUN pip install {{packages}}\n{{/pip}}\n");

        Result plain = run(SPEC, Map.of(), "render", "-f", "-", "--template", template.toString());
        Result refused = run(
                SPEC, Map.of(), "render", "-f", "-", "--template", template.toString(), "--pip-break-system-packages");

        assertEquals(0, plain.status(), plain.err());
        assertEquals(3, refused.status(), refused.err());
        assertEquals("", refused.out());
        assertTrue(refused.err().contains("never uses pipBreakSystemPackages"), refused.err());
    }

    @Test
    void renderReadsStandardInputForDash() {
        Result result = run(SPEC, Map.of(), "render", "-f", "-");
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("curl"), result.out());
    }

    @Test
    void anInvalidManifestExitsTwoPrintingEveryProblemAndNothingToStandardOutput() {
        String bad = SPEC.replace("apt: [curl]", "apt: [curl, \"bad pkg\"]")
                .replace("\"numpy>=1.26\"", "\"numpy; rm -rf /\"");
        Result result = run(bad, Map.of(), "render", "-f", "-");
        assertEquals(2, result.status());
        assertEquals("", result.out());
        assertTrue(result.err().contains("spec.packages.apt[1]: \"bad pkg\""), result.err());
        assertTrue(
                result.err().contains("spec.packages.pip[0]: \"numpy; rm -rf /\" is not a valid pip requirement"),
                result.err());
    }

    @Test
    void aBaseImageOfFourKilobytesIsAnInvalidManifestNotACrash() {
        Result result = run(
                SPEC.replace("baseImage: jupyter/base-notebook", "baseImage: " + "a/".repeat(2048) + "a"),
                Map.of(),
                "render",
                "-f",
                "-");
        assertEquals(2, result.status(), result.err());
        assertEquals("", result.out());
        assertTrue(result.err().contains("spec.baseImage: \"a/a/"), result.err());
        assertTrue(result.err().contains("characters long; an image reference has at most 512"), result.err());
        assertTrue(result.err().length() < 1000, result.err());
    }

    @Test
    void aManifestOfTheWrongShapeExitsTwoNamingEachField() {
        String bad = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {}
                spec:
                  baseImage: 42
                  packages:
                    apt: curl
                  extra: true
                """;
        Result result = run(bad, Map.of(), "render", "-f", "-");
        assertEquals(2, result.status());
        assertEquals("", result.out());
        for (String expected : new String[] {
            "apiVersion: must be \"primehub.io/v1alpha1\"",
            "kind: must be \"ImageSpec\"",
            "metadata.name: is required",
            "spec.baseImage: must be a string",
            "spec.packages.apt: must be a list",
            "spec.extra: is not a field"
        }) {
            assertTrue(result.err().contains(expected), expected + " in " + result.err());
        }
    }

    @Test
    void yamlThatDoesNotParseIsReportedWithItsLine() {
        Result result = run("apiVersion: primehub.io/v1alpha1\nkind: [unclosed\n", Map.of(), "render", "-f", "-");
        assertEquals(2, result.status());
        assertTrue(result.err().contains("is not valid YAML at line"), result.err());
    }

    @Test
    void aMissingFileFailsWithItsName() {
        Result result =
                run("", Map.of(), "render", "-f", dir.resolve("nope.yaml").toString());
        assertEquals(1, result.status());
        assertTrue(result.err().contains("nope.yaml"), result.err());
    }

    @Test
    void planPrintsTheJobTheControllerWouldCreate() throws IOException {
        Result result = run(SPEC, REGISTRY_ENV, "plan", "-f", "-");
        assertEquals(0, result.status(), result.err());
        JsonNode job = new ObjectMapper(new YAMLFactory()).readTree(result.out());
        assertEquals("primehub.io/v1alpha1", job.path("apiVersion").asText());
        assertEquals("ImageSpecJob", job.path("kind").asText());
        String revision =
                job.at("/metadata/annotations/imagespecs.primehub.io~1hash").asText();
        // SHA-1 of "jupyter/base-notebook;apt:[curl];pip:[numpy>=1.26]", the text PrimeHub hashes, cut to 8.
        assertEquals("783f56df", revision);
        assertEquals("base-curl-" + revision, job.at("/metadata/name").asText());
        assertEquals("hub", job.at("/metadata/namespace").asText());
        assertEquals("primehub-custom-image", job.at("/metadata/labels/app").asText());
        assertEquals(
                "base-curl",
                job.at("/metadata/labels/imagespecs.primehub.io~1name").asText());
        assertEquals("jupyter/base-notebook", job.at("/spec/baseImage").asText());
        assertEquals("curl", job.at("/spec/packages/apt/0").asText());
        assertEquals("numpy>=1.26", job.at("/spec/packages/pip/0").asText());
        assertEquals("base-curl:" + revision, job.at("/spec/targetImage").asText());
        assertEquals("127.0.0.1:5000/team", job.at("/spec/repoPrefix").asText());
        assertEquals("2026-11-27T00:00:00Z", job.at("/spec/updateTime").asText());
        assertFalse(job.at("/spec/pushSecret").asText().isEmpty());
        assertFalse(result.out().contains("s3cret-password"));
    }

    @Test
    void aBaseImageGivenTwiceIsRefusedNotTheLastOneBuilt() {
        Result result = run(SPEC + "  baseImage: evil/other-base\n", Map.of(), "render", "-f", "-");
        assertEquals(2, result.status(), result.err());
        assertEquals("", result.out());
        assertTrue(result.err().contains("spec.baseImage: is given twice"), result.err());
    }

    @Test
    void aManifestCannotForgeErrorLines() {
        Result result = run(
                SPEC.replace("kind: ImageSpec", "kind: \"X\\nerror: all good\\e[2K\""), Map.of(), "render", "-f", "-");
        assertEquals(2, result.status(), result.err());
        assertEquals(
                List.of(
                        "error: invalid manifest:",
                        "  kind: must be \"ImageSpec\", not \"X\\nerror: all good\\u001b[2K\""),
                result.err().lines().toList());
    }

    @Test
    void planQuotesPackagesThatYamlWouldReadAsNumbers() {
        Result result = run(
                SPEC.replace("apt: [curl]", "apt: [\"12:30\"]").replace("\"numpy>=1.26\"", "\"0o17\""),
                REGISTRY_ENV,
                "plan",
                "-f",
                "-");
        assertEquals(0, result.status(), result.err());
        // A YAML 1.1 reader, as kubectl's is, reads a plain 12:30 as the number 750.
        Map<String, Object> job = new Yaml(new SafeConstructor(new LoaderOptions())).load(result.out());
        Map<?, ?> packages = (Map<?, ?>) ((Map<?, ?>) job.get("spec")).get("packages");
        assertEquals(List.of("12:30"), packages.get("apt"), result.out());
        assertTrue(result.out().contains("- \"0o17\"\n"), result.out());
    }

    @Test
    void planReadsRegistrySettingsFromADotEnvFileAndTheEnvironmentWins() throws IOException {
        StringBuilder dotEnv = new StringBuilder();
        REGISTRY_ENV.forEach((k, v) -> dotEnv.append(k).append('=').append(v).append('\n'));
        write(".env", dotEnv.toString());
        Result fromFile = run(SPEC, Map.of(), "plan", "-f", "-");
        assertEquals(0, fromFile.status(), fromFile.err());
        assertTrue(fromFile.out().contains("repoPrefix: 127.0.0.1:5000/team"), fromFile.out());

        Map<String, String> env = Map.of("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX", "127.0.0.1:5000/other");
        Result overridden = run(SPEC, env, "plan", "-f", "-");
        assertEquals(0, overridden.status(), overridden.err());
        assertTrue(overridden.out().contains("repoPrefix: 127.0.0.1:5000/other"), overridden.out());
    }

    @Test
    void planWithoutARegistryExitsThreeAndSaysWhy() {
        Result result = run(SPEC, Map.of(), "plan", "-f", "-");
        assertEquals(3, result.status());
        assertEquals("", result.out());
        assertTrue(result.err().contains("PRIMEHUB_FEATURE_CUSTOM_IMAGE"), result.err());
    }

    @Test
    void planNeverPrintsThePasswordEvenWhenSettingsAreInvalid() {
        Map<String, String> env = new java.util.HashMap<>(REGISTRY_ENV);
        env.put("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX", "Not A Prefix");
        Result result = run(SPEC, env, "plan", "-f", "-");
        assertEquals(3, result.status());
        assertTrue(result.err().contains("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX"), result.err());
        assertFalse(result.err().contains("s3cret-password"), result.err());
    }

    @Test
    void aMalformedDotEnvFileIsAConfigurationProblemWithStatusThree() throws IOException {
        write(".env", "PRIMEHUB_FEATURE_CUSTOM_IMAGE=true\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='s3cret-password\n");
        Result result = run(SPEC, Map.of(), "plan", "-f", "-");
        assertEquals(3, result.status(), result.err());
        assertEquals("", result.out());
        assertTrue(
                result.err().contains(".env:2: the single-quoted value of PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD"),
                result.err());
        assertFalse(result.err().contains("s3cret-password"), result.err());
    }

    @Test
    void anEndpointWithUserAndPasswordIsRefusedWithoutShowingThem() {
        Map<String, String> env = new java.util.HashMap<>(REGISTRY_ENV);
        env.put("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT", "https://builder:s3cret-password@127.0.0.1:5000");
        Result result = run(SPEC, env, "build", "-f", "-", "--push");
        assertEquals(3, result.status(), result.err());
        assertTrue(
                result.err().contains("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT: holds a user name or password"),
                result.err());
        assertFalse(result.err().contains("s3cret-password"), result.err());
    }

    @Test
    void aCarriageReturnDotEnvFileDoesNotRunThePasswordIntoAMessage() throws IOException {
        write(".env", "PRIMEHUB_FEATURE_CUSTOM_IMAGE=yes\rPRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=s3cret-password\r");
        Result result = run(SPEC, Map.of(), "plan", "-f", "-");
        assertEquals(3, result.status(), result.err());
        assertTrue(
                result.err().contains("PRIMEHUB_FEATURE_CUSTOM_IMAGE: \"yes\" is neither true nor false"),
                result.err());
        assertFalse(result.err().contains("s3cret-password"), result.err());
    }

    @Test
    void anInvalidManifestIsReportedBeforeAMisconfiguredRegistry() {
        Map<String, String> env = new java.util.HashMap<>(REGISTRY_ENV);
        env.put("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX", "Not A Prefix");
        Result result = run(SPEC.replace("\"numpy>=1.26\"", "\"numpy; id\""), env, "plan", "-f", "-");
        assertEquals(2, result.status(), result.err());
        assertTrue(result.err().contains("spec.packages.pip[0]"), result.err());
    }

    @Test
    void buildRefusesANameTooLongForTheLocalImageBeforeLookingForATool() {
        Result result = run(SPEC.replace("name: base-curl", "name: " + "a".repeat(250)), Map.of(), "build", "-f", "-");
        assertEquals(2, result.status(), result.err());
        assertEquals("", result.out());
        assertTrue(result.err().contains("metadata.name: \"" + "a".repeat(80)), result.err());
        assertTrue(result.err().contains("cannot name the local image"), result.err());
    }

    @Test
    void buildWithPushRefusesANameTooLongForTheRepoPrefixBeforeLookingForATool() {
        Result result = run(
                SPEC.replace("name: base-curl", "name: " + "a".repeat(240)),
                REGISTRY_ENV,
                "build",
                "--push",
                "-f",
                "-");
        assertEquals(2, result.status(), result.err());
        assertTrue(
                result.err().contains("under the repo prefix 127.0.0.1:5000/team a name has at most 235 characters"),
                result.err());
    }

    @Test
    void buildWithPushTagsAsTheControllerDoesInPushRepositoryMode() throws IOException {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path buildah = Files.writeString(bin.resolve("buildah"), "#!/bin/sh\nexit 1\n");
        buildah.toFile().setExecutable(true);
        Map<String, String> env = new java.util.HashMap<>(REGISTRY_ENV);
        env.remove("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX");
        env.put("PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO", "127.0.0.1:5000/team/custom-image");
        env.put("PATH", bin + ":/usr/bin:/bin");
        String name = "a".repeat(200);
        Result result = run(SPEC.replace("name: base-curl", "name: " + name), env, "build", "--push", "-f", "-");
        // The tag <name>-<revision> would be 209 characters, more than a tag may have: the job's name is used, as the
        // controller uses it.
        String tag = ObjectNames.jobName(
                name,
                Revision.of("jupyter/base-notebook", new Packages(List.of("curl"), List.of("numpy>=1.26"), null)));
        assertTrue(
                result.err().contains("building 127.0.0.1:5000/team/custom-image:" + tag + " with buildah"),
                result.err());
    }

    @Test
    void buildExitsThreeOnAMalformedProxyOrIndexSettingNamingItsKeyAndNoPassword() throws IOException {
        write(".env", "PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_INDEX_URL=https://u:dotenv-secret@pypi.example.test/simple\n");
        Result result = run(
                SPEC, Map.of("PRIMEHUB_CUSTOM_IMAGE_BUILD_HTTPS_PROXY", "proxy.example.test:3128"), "build", "-f", "-");
        assertEquals(3, result.status(), result.err());
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("error: invalid build network settings (2 problems):"), result.err());
        assertTrue(
                result.err()
                        .contains("PRIMEHUB_CUSTOM_IMAGE_BUILD_HTTPS_PROXY: \"proxy.example.test:3128\" is not an"
                                + " http:// or https:// URL"),
                result.err());
        assertTrue(
                result.err().contains("PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_INDEX_URL: holds a user name or password"),
                result.err());
        assertFalse(result.err().contains("dotenv-secret"), result.err());
    }

    @Test
    void buildAsksForTheCaBundlesCertificatesAsAFileSinceItCannotReadAConfigMap() throws IOException {
        Result withoutFile =
                run(SPEC, Map.of("PRIMEHUB_CUSTOM_IMAGE_BUILD_CA_BUNDLE", "corporate-ca"), "build", "-f", "-");
        assertEquals(3, withoutFile.status(), withoutFile.err());
        assertTrue(
                withoutFile
                        .err()
                        .contains(
                                "error: PRIMEHUB_CUSTOM_IMAGE_BUILD_CA_BUNDLE names a ConfigMap"
                                        + " (corporate-ca/ca.crt), which a local build cannot read: give its certificates with --ca-bundle FILE"),
                withoutFile.err());

        Result missingFile = run(
                SPEC,
                Map.of(),
                "build",
                "-f",
                "-",
                "--ca-bundle",
                dir.resolve("no.pem").toString());
        assertEquals(3, missingFile.status(), missingFile.err());
        assertTrue(
                missingFile.err().contains("error: --ca-bundle " + dir.resolve("no.pem") + " is not a readable file"),
                missingFile.err());
    }

    @Test
    void buildWithDockerRefusesSettingsThatMountFilesIntoRunSteps() throws IOException {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path docker = Files.writeString(bin.resolve("docker"), "#!/bin/sh\nexit 0\n");
        docker.toFile().setExecutable(true);
        Result result = run(
                SPEC,
                Map.of(
                        "PATH",
                        bin.toString(),
                        "PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_INDEX_URL",
                        "https://pypi.example.test/simple"),
                "build",
                "-f",
                "-");
        assertEquals(3, result.status(), result.err());
        assertTrue(result.err().contains("need buildah: docker build cannot mount files into RUN steps"), result.err());
    }

    @Test
    void helpDescribesEveryCommand() {
        Result result = run("", Map.of(), "--help");
        assertEquals(0, result.status());
        for (String command : new String[] {"render", "plan", "controller"}) {
            assertTrue(result.out().contains(command), command + " in " + result.out());
        }
        Result renderHelp = run("", Map.of(), "render", "--help");
        assertTrue(renderHelp.out().contains("-f, --filename"), renderHelp.out());
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithStatusTwo() {
        Result result = run("", Map.of(), "render", "-f", "-", "--nope");
        assertEquals(2, result.status());
        assertTrue(result.err().contains("--nope"), result.err());
    }
}
