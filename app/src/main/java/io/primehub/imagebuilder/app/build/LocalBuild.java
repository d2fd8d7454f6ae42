package io.primehub.imagebuilder.app.build;

import io.primehub.imagebuilder.domain.model.PushedDigest;
import io.primehub.imagebuilder.domain.validation.Quoting;
import io.primehub.imagebuilder.k8s.BuildNetwork;
import io.primehub.imagebuilder.k8s.build.BuildScript;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds a rendered Dockerfile on this machine, the way a build pod does: with buildah through the same
 * build script and the same file layout when buildah is installed, else with a Docker engine. Credentials
 * are written to owner-only files in a private temporary folder and removed afterwards, also when the JVM is
 * stopped by SIGTERM or SIGINT (a shutdown hook, which first stops the running tool); they are never passed in
 * the environment or on a command line.
 */
public final class LocalBuild {

    /**
     * What to build and where it goes.
     *
     * @param network  proxies, package indexes and mirrors, as build pods get them; its CA bundle (a ConfigMap) is not
     *                 used here: a local build trusts {@code caBundle}, a file
     * @param caBundle PEM CA certificates the build trusts besides the system's
     */
    public record Request(
            String baseImage,
            String dockerfile,
            String targetImage,
            boolean push,
            boolean registryInsecure,
            Optional<byte[]> pushDockerConfig,
            Optional<Path> pullDockerConfig,
            PullPolicy pullPolicy,
            BuildNetwork network,
            Optional<Path> caBundle) {

        /** A request that pulls the base every time, as build pods do. */
        public Request(
                String baseImage,
                String dockerfile,
                String targetImage,
                boolean push,
                boolean registryInsecure,
                Optional<byte[]> pushDockerConfig,
                Optional<Path> pullDockerConfig) {
            this(
                    baseImage,
                    dockerfile,
                    targetImage,
                    push,
                    registryInsecure,
                    pushDockerConfig,
                    pullDockerConfig,
                    PullPolicy.ALWAYS);
        }

        /** A request whose build reaches the network directly. */
        public Request(
                String baseImage,
                String dockerfile,
                String targetImage,
                boolean push,
                boolean registryInsecure,
                Optional<byte[]> pushDockerConfig,
                Optional<Path> pullDockerConfig,
                PullPolicy pullPolicy) {
            this(
                    baseImage,
                    dockerfile,
                    targetImage,
                    push,
                    registryInsecure,
                    pushDockerConfig,
                    pullDockerConfig,
                    pullPolicy,
                    BuildNetwork.none(),
                    Optional.empty());
        }

        public Request {
            Objects.requireNonNull(pullPolicy, "pullPolicy");
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(caBundle, "caBundle");
            Objects.requireNonNull(baseImage, "baseImage");
            Objects.requireNonNull(dockerfile, "dockerfile");
            Objects.requireNonNull(targetImage, "targetImage");
            Objects.requireNonNull(pushDockerConfig, "pushDockerConfig");
            Objects.requireNonNull(pullDockerConfig, "pullDockerConfig");
            if (push && pushDockerConfig.isEmpty()) {
                throw new IllegalArgumentException("pushing needs the registry's credentials");
            }
        }
    }

    /**
     * How a build ended: the tool's exit status; on failure, its last {@code error:} line; after a push, the digest
     * ({@code sha256:...}) of the pushed image when the tool reported it.
     */
    public record Result(int exitStatus, Optional<String> failure, Optional<String> pushedDigest) {

        public Result(int exitStatus, Optional<String> failure) {
            this(exitStatus, failure, Optional.empty());
        }

        public boolean succeeded() {
            return exitStatus == 0;
        }
    }

    /** What {@code docker push} prints last: {@code <tag>: digest: sha256:<64 hex> size: <bytes>}. */
    private static final Pattern DOCKER_PUSHED = Pattern.compile(".*\\bdigest: (sha256:[0-9a-f]{64})\\b.*");

    /** The tool that builds. */
    public enum Engine {
        BUILDAH,
        DOCKER
    }

    /** When the base image is pulled: every time, only when it is not in local storage, or never. */
    public enum PullPolicy {
        ALWAYS,
        MISSING,
        NEVER;

        /** The word the build script and the command line use. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final String SETTINGS_PREFIX = "PRIMEHUB_";
    /**
     * The build script's network variables that only the settings give (the proxies a user's environment holds are
     * passed on, as they always were, unless a setting replaces them).
     */
    private static final List<String> SCRIPT_NETWORK_VARIABLES = List.of(
            "BUILD_PIP_INDEX_URL",
            "BUILD_PIP_EXTRA_INDEX_URL",
            "BUILD_PIP_TRUSTED_HOST",
            "BUILD_CONDA_CHANNEL_ALIAS",
            "BUILD_CONDA_DEFAULT_CHANNELS",
            "BUILD_APT_MIRROR",
            BuildNetwork.SCRIPT_CA_BUNDLE_VARIABLE,
            // the controller's alone: a local build has no layer cache in the registry and writes no recipe label
            "CACHE_REPOSITORY",
            "RECIPE_DIGEST");
    /** A base image's {@code USER} that can be written back into a Dockerfile as it is (build-image.sh's rule). */
    private static final Pattern RESTORABLE_USER = Pattern.compile("[A-Za-z0-9._:-]+");

    private final Map<String, String> environment;
    private final PrintStream log;
    /** The tool running now, for the shutdown hook to stop. */
    private volatile Process running;

    /**
     * @param environment the environment to look up tools in ({@code PATH}) and to pass on, except the
     *                    {@code PRIMEHUB_*} settings (they hold the registry password, which the tools get only
     *                    as an auth file) and the build script's {@code BUILD_PIP_*}, {@code BUILD_CONDA_*},
     *                    {@code BUILD_APT_MIRROR} and {@code BUILD_CA_BUNDLE}, which only a request sets, and the
     *                    controller's {@code CACHE_REPOSITORY} and {@code RECIPE_DIGEST}
     * @param log         where the tool's output goes (standard error for the command line)
     */
    public LocalBuild(Map<String, String> environment, PrintStream log) {
        Map<String, String> passed = new java.util.HashMap<>(environment);
        passed.keySet().removeIf(key -> key.startsWith(SETTINGS_PREFIX) || SCRIPT_NETWORK_VARIABLES.contains(key));
        this.environment = Map.copyOf(passed);
        this.log = log;
    }

    /** buildah when it is on the PATH (as in build pods), else Docker when its engine answers; empty when neither. */
    public Optional<Engine> detectEngine() {
        if (onPath("buildah").isPresent()) {
            return Optional.of(Engine.BUILDAH);
        }
        Optional<Path> docker = onPath("docker");
        if (docker.isPresent() && run(List.of(docker.get().toString(), "info"), Map.of(), null, false) == 0) {
            return Optional.of(Engine.DOCKER);
        }
        return Optional.empty();
    }

    public Result build(Engine engine, Request request) {
        Path work;
        try {
            work = Files.createTempDirectory(
                    "image-builder-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the build folder", e);
        }
        // A normal end deletes the folder in the finally below; SIGTERM and SIGINT end the JVM without it, and only a
        // shutdown hook runs then.
        Thread cleanUp = new Thread(
                () -> {
                    stopRunningTool();
                    deleteQuietly(work);
                },
                "image-builder-build-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            return engine == Engine.BUILDAH ? withBuildah(work, request) : withDocker(work, request);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the build folder", e);
        } finally {
            deleteQuietly(work);
            removeHook(cleanUp);
        }
    }

    private void stopRunningTool() {
        Process process = running;
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is stopping: the hook runs (or ran), and deleting the folder twice is harmless.
        }
    }

    private Result withBuildah(Path work, Request request) throws IOException {
        Path buildDir = Files.createDirectories(work.resolve("workspace"));
        Files.writeString(buildDir.resolve("Dockerfile"), request.dockerfile(), StandardCharsets.UTF_8);
        Map<String, String> env = new java.util.HashMap<>();
        env.put("BASE_IMAGE", request.baseImage());
        env.put("TARGET_IMAGE", request.targetImage());
        env.put("PUSH", Boolean.toString(request.push()));
        // the storage outlives this build: a rebuild reuses every step before the first one that changed
        env.put("LOCAL_LAYERS", "true");
        env.put("PULL_POLICY", request.pullPolicy().word());
        env.put("REGISTRY_INSECURE", Boolean.toString(request.registryInsecure()));
        env.put("BUILD_DIR", buildDir.toString());
        env.put(
                "PUSH_AUTH_FILE",
                request.pushDockerConfig().isPresent()
                        ? writeOwnerOnly(
                                        work.resolve("push.json"),
                                        request.pushDockerConfig().get())
                                .toString()
                        : work.resolve("no-push-auth.json").toString());
        env.put(
                "PULL_AUTH_FILE",
                request.pullDockerConfig()
                        .map(Path::toString)
                        .orElse(work.resolve("no-pull-auth.json").toString()));
        env.putAll(proxies(request.network()));
        request.network().scriptEnvironment().forEach(env::putIfAbsent);
        request.caBundle()
                .ifPresent(file -> env.put(
                        BuildNetwork.SCRIPT_CA_BUNDLE_VARIABLE,
                        file.toAbsolutePath().toString()));
        // the script writes its last line (on success, "pushed: <image>@<digest>") only into a file that exists
        env.put(
                "TERMINATION_LOG",
                writeOwnerOnly(work.resolve("termination-log"), new byte[0]).toString());
        Path script = writeOwnerOnly(
                work.resolve("build-image.sh"), BuildScript.text().getBytes(StandardCharsets.UTF_8));
        List<String> lastLines = new ArrayList<>();
        int status = run(List.of("bash", script.toString()), env, lastLines, true);
        if (status != 0) {
            return new Result(status, lastErrorLine(lastLines));
        }
        Path terminationLog = work.resolve("termination-log");
        String reported = Files.exists(terminationLog) ? Files.readString(terminationLog, StandardCharsets.UTF_8) : "";
        return new Result(
                0,
                Optional.empty(),
                request.push() ? PushedDigest.in(reported, request.targetImage()) : Optional.empty());
    }

    /**
     * The build script's steps with Docker: pull the base (with the pull credential when given), read its {@code USER},
     * build, and restore that user at the end of the Dockerfile so that the image does not run as root because of the
     * {@code USER root} that package installation needs; then push with the push credential. Each credential is the
     * {@code config.json} of its own Docker config folder, so neither the user's Docker login nor the other credential
     * takes part.
     */
    private Result withDocker(Path work, Request request) throws IOException {
        if (request.network().configuresRunSteps() || request.caBundle().isPresent()) {
            throw new IllegalArgumentException("the pip, conda, apt mirror and CA bundle settings need buildah: docker"
                    + " build cannot mount files into RUN steps");
        }
        // The docker that detectEngine found on the given PATH; ProcessBuilder would look in this JVM's own PATH.
        String docker = onPath("docker").map(Path::toString).orElse("docker");
        Path context = Files.createDirectories(work.resolve("context"));
        Path pullConfig = Files.createDirectories(work.resolve("pull-config"));
        if (request.pullDockerConfig().isPresent()) {
            writeOwnerOnly(
                    pullConfig.resolve("config.json"),
                    Files.readAllBytes(request.pullDockerConfig().get()));
        }
        boolean local = request.pullPolicy() != PullPolicy.ALWAYS
                && run(
                                List.of(docker, "image", "inspect", "--format", "{{.Id}}", request.baseImage()),
                                Map.of(),
                                null,
                                false)
                        == 0;
        if (request.pullPolicy() == PullPolicy.NEVER && !local) {
            return dockerFailure(20, "error: pull: " + request.baseImage() + " is not a local image (--pull never)");
        }
        int status = local
                ? 0
                : run(
                        List.of(docker, "--config", pullConfig.toString(), "pull", request.baseImage()),
                        Map.of(),
                        null,
                        true);
        if (status != 0) {
            return dockerFailure(
                    status, "error: pull: docker pull of " + request.baseImage() + " failed with status " + status);
        }
        List<String> inspected = new ArrayList<>();
        status = run(
                List.of(docker, "image", "inspect", "--format", "{{.Config.User}}", request.baseImage()),
                Map.of(),
                inspected,
                false);
        if (status != 0 || inspected.size() > 1) {
            return dockerFailure(
                    status == 0 ? 1 : status, "error: pull: cannot read the configuration of " + request.baseImage());
        }
        String baseUser = inspected.isEmpty() ? "" : inspected.get(0).strip();
        if (!baseUser.isEmpty() && !RESTORABLE_USER.matcher(baseUser).matches()) {
            return dockerFailure(
                    1,
                    "error: build: the user " + Quoting.forMessage(baseUser) + " of " + request.baseImage()
                            + " cannot be restored");
        }
        Files.writeString(
                context.resolve("Dockerfile"), request.dockerfile() + userRestored(baseUser), StandardCharsets.UTF_8);
        List<String> dockerBuild = new ArrayList<>(
                List.of(docker, "--config", pullConfig.toString(), "build", "-t", request.targetImage()));
        // Docker's predefined build arguments: RUN steps get them, the image's history does not
        proxies(request.network())
                .forEach((name, value) -> dockerBuild.addAll(List.of("--build-arg", name + "=" + value)));
        dockerBuild.add(context.toString());
        status = run(dockerBuild, Map.of(), null, true);
        if (status != 0) {
            return dockerFailure(status, "error: build: docker build failed with status " + status);
        }
        if (request.push()) {
            Path pushConfig = Files.createDirectories(work.resolve("push-config"));
            writeOwnerOnly(
                    pushConfig.resolve("config.json"),
                    request.pushDockerConfig().orElseThrow());
            List<String> pushed = new ArrayList<>();
            status = run(
                    List.of(docker, "--config", pushConfig.toString(), "push", request.targetImage()),
                    Map.of(),
                    pushed,
                    true);
            if (status != 0) {
                return dockerFailure(status, "error: push: docker push failed with status " + status);
            }
            return new Result(
                    0,
                    Optional.empty(),
                    pushed.stream()
                            .map(DOCKER_PUSHED::matcher)
                            .filter(java.util.regex.Matcher::matches)
                            .map(m -> m.group(1))
                            .reduce((a, b) -> b));
        }
        return new Result(0, Optional.empty());
    }

    /**
     * The proxies a setting gives, in both cases: they replace the ones of the user's environment, which are passed on
     * only where no setting is given.
     */
    private static Map<String, String> proxies(BuildNetwork network) {
        Map<String, String> proxies = new java.util.LinkedHashMap<>();
        network.scriptEnvironment().forEach((name, value) -> {
            if (name.endsWith("_PROXY")) {
                proxies.put(name, value);
                proxies.put(name.toLowerCase(java.util.Locale.ROOT), value);
            }
        });
        return proxies;
    }

    /** The lines that restore the base image's user, as build-image.sh appends them; none for a base without one. */
    private static String userRestored(String baseUser) {
        return baseUser.isEmpty()
                ? ""
                : "\n# Added by image-builder: the user of the base image, restored.\nUSER " + baseUser + "\n";
    }

    /** Docker prints no step line of its own: print one, as the build script does, so that the output ends the same way. */
    private Result dockerFailure(int status, String line) {
        log.println(line);
        return new Result(status, Optional.of(line));
    }

    private int run(List<String> command, Map<String, String> extraEnv, List<String> keepLines, boolean echo) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().putAll(extraEnv);
        try {
            Process process = builder.start();
            running = process;
            process.getOutputStream().close();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (echo) {
                        log.println(line);
                    }
                    if (keepLines != null && !line.isEmpty()) {
                        keepLines.add(line);
                    }
                }
            }
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        } finally {
            running = null;
        }
    }

    private Optional<Path> onPath(String tool) {
        String path = environment.getOrDefault("PATH", "");
        return Stream.of(path.split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static Optional<String> lastErrorLine(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("error: ")) {
                return Optional.of(lines.get(i));
            }
        }
        return Optional.empty();
    }

    private static Path writeOwnerOnly(Path file, byte[] content) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, content);
        return file;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: the folder is owner-only, and a failure to clean it must not hide the build's result.
        }
    }
}
