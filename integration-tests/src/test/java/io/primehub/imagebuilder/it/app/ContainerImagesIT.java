package io.primehub.imagebuilder.it.app;

import static io.primehub.imagebuilder.it.app.AppSettings.TIMEOUT;
import static io.primehub.imagebuilder.it.app.AppSettings.embeddedFacade;
import static io.primehub.imagebuilder.it.app.AppSettings.freePort;
import static io.primehub.imagebuilder.it.app.AppSettings.get;
import static io.primehub.imagebuilder.it.app.AppSettings.leaseHolder;
import static io.primehub.imagebuilder.it.app.AppSettings.probe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.app.config.ConfigKeys;
import io.primehub.imagebuilder.app.embed.ImageBuilder;
import io.primehub.imagebuilder.domain.status.JobStatus;
import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import io.primehub.imagebuilder.it.cluster.TestNamespace;
import io.primehub.imagebuilder.it.support.BuildPrerequisites;
import io.primehub.imagebuilder.it.support.Commands;
import io.primehub.imagebuilder.it.support.FileTrees;
import io.primehub.imagebuilder.it.support.ModuleScripts;
import io.primehub.imagebuilder.it.support.PrivateBaseRegistry;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two images the project ships, made as a user makes them, pushed to a registry with a password, pulled back and
 * run:
 * <ul>
 *   <li>the controller image, built by Jib with app's {@code jib-maven-plugin} configuration (Maven runs again here,
 *       as a user runs it, with no Docker daemon), on a Java runtime named by digest, as a non-root user. Run as its
 *       Deployment runs it (its own entrypoint and command, {@code KUBECONFIG} naming the test cluster), it answers
 *       {@code /healthz} and {@code /readyz}, takes its Lease and makes a spec's job;</li>
 *   <li>the builder image, {@code deploy/builder/Containerfile} built with buildah
 *       ({@code integration-tests/k8s/provision-builder-image}): buildah and bash are there, and the build pods' script
 *       gets through its {@code init} step.</li>
 * </ul>
 * No public registry is reachable here, so the controller's base is the tests' Debian base with Debian's Java 17
 * runtime ({@code build/provision-java-base}), pushed to the local registry and named by its digest, as
 * {@code app/pom.xml} names its public base. Images are run with buildah ({@code --isolation chroot}, this class's
 * own {@code vfs} storage), which shares this machine's network: the controller's probes are on 127.0.0.1.
 */
@KubernetesCluster
class ContainerImagesIT {

    private static final Duration MAVEN_LIMIT = Duration.ofMinutes(10);
    private static final Duration BUILDAH_LIMIT = Duration.ofMinutes(5);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** What app depends on in this repository: Jib takes them from the local Maven repository. */
    private static final List<String> LIBRARY_MODULES =
            List.of("domain", "dockerfile-renderer", "registry-adapter", "k8s-adapter");

    private static final String NON_ROOT = "65532:65532";
    private static final String SCRIPT_RESOURCE = "io/primehub/imagebuilder/k8s/build/build-image.sh";

    private static Path work;
    private static PrivateBaseRegistry registry;
    private static Path dockerConfig;
    private static Map<String, String> storage;

    @BeforeAll
    static void startRegistry() throws IOException {
        BuildPrerequisites.check();
        work = Files.createTempDirectory("container-images-it");
        registry = PrivateBaseRegistry.start();
        // The registry's credential as Jib, skopeo and buildah read it: a docker config.json.
        dockerConfig = Files.createDirectories(work.resolve("docker-config"));
        Files.write(dockerConfig.resolve("config.json"), registry.dockerConfigJson());
        Path storageConf = work.resolve("storage.conf");
        Files.writeString(
                storageConf,
                "[storage]\ndriver = \"vfs\"\ngraphroot = \"" + work.resolve("storage/graph") + "\"\nrunroot = \""
                        + work.resolve("storage/run") + "\"\n",
                StandardCharsets.UTF_8);
        storage = Map.of(
                "CONTAINERS_STORAGE_CONF",
                storageConf.toString(),
                "TMPDIR",
                Files.createDirectories(work.resolve("tmp")).toString());
    }

    @AfterAll
    static void stopRegistry() throws IOException {
        if (storage != null) {
            Commands.run(List.of("buildah", "rm", "--all"), storage, BUILDAH_LIMIT);
        }
        if (registry != null) {
            registry.close();
        }
        if (work != null) {
            FileTrees.delete(work);
        }
    }

    /** A user's build names a public base; a tag can move, a digest cannot. */
    @Test
    void theControllerImagesBaseIsNamedByDigestAndItsUserIsNotRoot() throws IOException {
        String pom = Files.readString(ROOT.resolve("app/pom.xml"), StandardCharsets.UTF_8);
        Matcher from = Pattern.compile("<from>\\s*(?:<!--.*?-->\\s*)*<image>([^<]+)</image>", Pattern.DOTALL)
                .matcher(pom);
        assertTrue(from.find(), "app/pom.xml configures Jib's <from><image>");
        assertTrue(
                from.group(1).matches("[a-z0-9][a-z0-9._/-]*:[\\w.-]+@sha256:[0-9a-f]{64}"),
                "the base is a tag pinned by its digest: " + from.group(1));
        Matcher user = Pattern.compile("<user>([^<]+)</user>").matcher(pom);
        assertTrue(user.find(), "app/pom.xml sets the image's user");
        assertEquals(NON_ROOT, user.group(1), "a numeric non-root user, so that runAsNonRoot can check it");
    }

    @Test
    void theControllerImageBuiltByJibRunsAsItsDeploymentRunsIt(
            TestCluster cluster, ApiClient client, TestNamespace namespace) throws Exception {
        assertTheLocalRepositoryHoldsThisBuildsLibraries();
        String base = ModuleScripts.provision("build", "provision-java-base", BuildPrerequisites.PREPARE_HINT);
        String baseDigest = registry.push(base, registry.address() + "/primehub-it/java-runtime:17");
        String baseReference = registry.address() + "/primehub-it/java-runtime@" + baseDigest;
        String image = registry.address() + "/primehub-image-builder/controller:" + projectVersion();

        jib(baseReference, image);
        // Fixed creation and file times: the same commit gives the same image, whenever it is built.
        jib(baseReference, image + "-again");
        assertEquals(digest(image), digest(image + "-again"), "two builds of one commit give the same image");

        List<String> baseLayers = layers(baseReference);
        List<String> imageLayers = layers(image);
        assertEquals(baseLayers, imageLayers.subList(0, baseLayers.size()), "the image is built on the base's digest");
        assertTrue(imageLayers.size() > baseLayers.size(), "Jib added the controller's layers");

        JsonObject config = JsonParser.parseString(skopeo("inspect", "--config", "docker://" + image))
                .getAsJsonObject()
                .getAsJsonObject("config");
        List<String> entrypoint = strings(config.getAsJsonArray("Entrypoint"));
        List<String> cmd = strings(config.getAsJsonArray("Cmd"));
        JsonObject labels = config.getAsJsonObject("Labels");
        String commit = Commands.succeed(
                        List.of("git", "-C", ROOT.toString(), "rev-parse", "--short=12", "HEAD"),
                        Map.of(),
                        Duration.ofSeconds(30))
                .strip();
        assertAll(
                () -> assertEquals(NON_ROOT, config.get("User").getAsString()),
                () -> assertEquals("java", entrypoint.get(0), "the runtime's java, from its PATH"),
                () -> assertEquals(List.of("controller"), cmd),
                () -> assertTrue(config.getAsJsonObject("ExposedPorts").has("8081/tcp"), "the health port"),
                () -> assertEquals(
                        projectVersion(),
                        labels.get("org.opencontainers.image.version").getAsString()),
                () -> assertEquals(
                        commit, labels.get("org.opencontainers.image.revision").getAsString()));

        String container = pull(image);
        List<String> version = new ArrayList<>(List.of("buildah", "run", "--isolation", "chroot", container, "--"));
        version.addAll(entrypoint);
        version.add("--version");
        assertTrue(
                Commands.succeed(version, storage, BUILDAH_LIMIT)
                        .contains("image-builder " + projectVersion() + " (commit " + commit),
                "the image's --version names the version and the commit");

        String ns = namespace.name();
        int healthPort = freePort();
        Path kubeconfig = readableByAll(Files.copy(cluster.kubeconfig(), work.resolve("kubeconfig")));
        Map<String, String> settings = new HashMap<>(AppSettings.environment(ns, "replica-image"));
        settings.put(ConfigKeys.HEALTH_PORT, Integer.toString(healthPort));
        Path envFile = readableByAll(Files.writeString(
                work.resolve("controller.env"),
                settings.entrySet().stream()
                        .map(setting -> setting.getKey() + "=" + setting.getValue() + "\n")
                        .collect(Collectors.joining())));
        List<String> run = new ArrayList<>(List.of(
                "buildah",
                "run",
                "--isolation",
                "chroot",
                "--env",
                "KUBECONFIG=/etc/image-builder/kubeconfig",
                "--volume",
                kubeconfig + ":/etc/image-builder/kubeconfig:ro",
                "--volume",
                envFile + ":/etc/image-builder/controller.env:ro",
                container,
                "--"));
        run.addAll(entrypoint);
        run.addAll(cmd);
        run.addAll(List.of("--env-file", "/etc/image-builder/controller.env"));
        Path log = work.resolve("controller.log");
        ProcessBuilder builder = new ProcessBuilder(run)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(storage);
        Process controller = builder.start();
        try {
            await().atMost(TIMEOUT).until(() -> {
                if (!controller.isAlive()) {
                    fail("the controller's container ended with status " + controller.exitValue() + ":\n"
                            + Files.readString(log));
                }
                return probe(healthPort, "/healthz").startsWith("200")
                        && probe(healthPort, "/readyz").equals("200 ready");
            });
            assertEquals("replica-image", leaseHolder(client, ns));

            ImageBuilder imageBuilder = embeddedFacade(client, ns);
            imageBuilder.apply(AppSettings.spec(ns, "datasci", "numpy==1.26.4"));
            await().atMost(TIMEOUT).until(() -> {
                List<JobStatus> jobs = imageBuilder.jobs(ns, "datasci");
                return jobs.size() == 1 && !jobs.get(0).podName().isEmpty();
            });
            String metrics = get(healthPort, "/metrics");
            assertTrue(
                    metrics.lines()
                            .anyMatch(line -> line.startsWith("primehub_image_builder_build_info{")
                                    && line.contains("version=\"" + projectVersion() + "\"")),
                    "the image serves its metrics:\n" + metrics);
        } finally {
            controller.descendants().forEach(ProcessHandle::destroyForcibly);
            controller.destroyForcibly();
            controller.waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(Files.readString(log).contains(AppSettings.PASSWORD), "the registry password is in the log");
    }

    @Test
    void theBuilderImageHasBuildahAndBashAndGetsThroughTheBuildScriptsInit() throws IOException {
        String location = ModuleScripts.provision("k8s", "provision-builder-image", BuildPrerequisites.PREPARE_HINT);
        String image = registry.address() + "/primehub-image-builder/buildah:" + projectVersion();
        registry.push(location, image);
        String container = pull(image);

        String tools = Commands.succeed(
                List.of(
                        "buildah",
                        "run",
                        "--isolation",
                        "chroot",
                        container,
                        "--",
                        "bash",
                        "-c",
                        "command -v buildah; buildah --version; echo \"bash $BASH_VERSION\""),
                storage,
                BUILDAH_LIMIT);
        assertTrue(tools.lines().anyMatch(line -> line.matches("/(usr/)?bin/buildah")), tools);
        assertTrue(tools.contains("buildah version "), tools);
        assertTrue(tools.lines().anyMatch(line -> line.matches("bash 5\\..*")), tools);

        // A job's files as the build pod mounts them, and a base that the registry does not hold: init passes, and
        // the build stops at the pull, saying why.
        Path job = Files.createDirectories(work.resolve("job"));
        try (InputStream script = getClass().getClassLoader().getResourceAsStream(SCRIPT_RESOURCE)) {
            assertTrue(script != null, SCRIPT_RESOURCE + " is on the class path (k8s-adapter)");
            Files.write(job.resolve("build-image.sh"), script.readAllBytes());
        }
        String missingBase = registry.address() + "/primehub-it/no-such-base:1";
        Files.writeString(
                Files.createDirectories(job.resolve("workspace")).resolve("Dockerfile"),
                "FROM " + missingBase + "\nRUN true\n");
        Files.write(Files.createDirectories(job.resolve("auth")).resolve("config.json"), registry.dockerConfigJson());
        // The kubelet makes the file; the script only writes into it.
        Path terminationLogFile = Files.createFile(job.resolve("termination-log"));
        // The pod runs it privileged; of that, the build's own buildah needs CAP_SYS_ADMIN (without it, it tries a
        // user namespace of its own, which this container may not make).
        Commands.Result build = Commands.run(
                List.of(
                        "buildah",
                        "run",
                        "--isolation",
                        "chroot",
                        "--cap-add",
                        "CAP_SYS_ADMIN",
                        "--volume",
                        job + ":/job",
                        "--env",
                        "BASE_IMAGE=" + missingBase,
                        "--env",
                        "TARGET_IMAGE=" + registry.repoPrefix() + "/init-check:1",
                        "--env",
                        "REGISTRY_INSECURE=true",
                        "--env",
                        "STORAGE_DRIVER=vfs",
                        "--env",
                        "BUILD_DIR=/job/workspace",
                        "--env",
                        "PUSH_AUTH_FILE=/job/auth/config.json",
                        "--env",
                        "PULL_AUTH_FILE=/job/auth/config.json",
                        "--env",
                        "TERMINATION_LOG=/job/termination-log",
                        container,
                        "--",
                        "bash",
                        "/job/build-image.sh"),
                storage,
                BUILDAH_LIMIT);
        String terminationLog = Files.readString(terminationLogFile, StandardCharsets.UTF_8);
        assertAll(
                () -> assertEquals(20, build.exit(), "exit 20 is the pull step's: init passed\n" + build.output()),
                () -> assertTrue(build.output().contains("==> init"), build.output()),
                () -> assertTrue(build.output().contains("base " + missingBase + ", target "), build.output()),
                () -> assertTrue(
                        terminationLog.startsWith("error: pull: cannot pull " + missingBase + ": ")
                                && terminationLog.contains("manifest unknown"),
                        "the registry said why:\n" + terminationLog + "\n" + build.output()),
                () -> assertFalse(build.output().contains(registry.password()), "the password is in the output"));
    }

    /** Runs Jib with app's configuration as a user would, naming the test's base and target on the command line. */
    private static void jib(String base, String image) {
        Instant started = Instant.now();
        Commands.succeed(
                List.of(
                        maven(),
                        "-B",
                        "-f",
                        ROOT.resolve("app/pom.xml").toString(),
                        "-Dmaven.repo.local=" + System.getProperty("it.maven-local-repository"),
                        "initialize",
                        "jib:build",
                        "-Djib.from.image=" + base,
                        "-Djib.to.image=" + image,
                        // the test registry speaks plain HTTP on loopback, with a password
                        "-Djib.allowInsecureRegistries=true",
                        "-DsendCredentialsOverHttp=true"),
                Map.of("DOCKER_CONFIG", dockerConfig.toString()),
                MAVEN_LIMIT);
        System.out.println("--- Jib built and pushed " + image + " in "
                + Duration.between(started, Instant.now()).toMillis() + " ms");
    }

    private static String digest(String image) {
        return skopeo("inspect", "--format", "{{.Digest}}", "docker://" + image).strip();
    }

    /** Pulls {@code image} from the registry, with its credential, into a working container of this class's storage. */
    private static String pull(String image) {
        return Commands.succeed(
                        List.of(
                                "buildah",
                                "from",
                                "--quiet",
                                "--tls-verify=false",
                                "--authfile",
                                dockerConfig.resolve("config.json").toString(),
                                "docker://" + image),
                        storage,
                        BUILDAH_LIMIT)
                .strip();
    }

    private static List<String> layers(String image) {
        JsonObject manifest = JsonParser.parseString(skopeo("inspect", "--raw", "docker://" + image))
                .getAsJsonObject();
        return strings(manifest.getAsJsonArray("layers"), "digest");
    }

    private static String skopeo(String... args) {
        List<String> command = new ArrayList<>(List.of(
                "skopeo",
                args[0],
                "--tls-verify=false",
                "--authfile",
                dockerConfig.resolve("config.json").toString()));
        command.addAll(List.of(args).subList(1, args.length));
        return Commands.succeed(command, Map.of(), BUILDAH_LIMIT);
    }

    private static List<String> strings(JsonArray array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonElement::getAsString)
                .toList();
    }

    private static List<String> strings(JsonArray array, String member) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(element -> element.getAsJsonObject().get(member).getAsString())
                .toList();
    }

    /**
     * Jib, run on app alone, takes app's classes from {@code app/target/classes} and the other modules from the local
     * Maven repository: a stale copy there would put old code in the image. {@code mvn install} (what
     * {@code scripts/test} runs) puts this build's there first; the jars are reproducible, so equal bytes mean the
     * same sources.
     */
    private static void assertTheLocalRepositoryHoldsThisBuildsLibraries() throws IOException {
        Path repository = Path.of(System.getProperty("it.maven-local-repository"));
        for (String module : LIBRARY_MODULES) {
            String jar = module + "-" + projectVersion() + ".jar";
            Path built = ROOT.resolve(module).resolve("target").resolve(jar);
            Path installed = repository
                    .resolve("io/primehub/imagebuilder")
                    .resolve(module)
                    .resolve(projectVersion())
                    .resolve(jar);
            assertTrue(
                    Files.isRegularFile(built)
                            && Files.isRegularFile(installed)
                            && Arrays.equals(Files.readAllBytes(built), Files.readAllBytes(installed)),
                    installed + " is not this build's " + built + ": run `mvn -B install` (scripts/test does)");
        }
    }

    private static Path readableByAll(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    private static String maven() {
        String home = System.getProperty("it.maven-home");
        return home == null || home.isBlank()
                ? "mvn"
                : Path.of(home, "bin", "mvn").toString();
    }

    private static String projectVersion() {
        String version = System.getProperty("it.project-version");
        assertTrue(version != null && !version.isBlank(), "Failsafe passes it.project-version");
        return version;
    }
}
