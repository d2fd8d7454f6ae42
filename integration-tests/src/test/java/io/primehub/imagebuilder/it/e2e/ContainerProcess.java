package io.primehub.imagebuilder.it.e2e;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build container's command, run on this machine with bash in a {@link PodFileSystem}.
 *
 * <p>There is no container, so the paths the pod gives the build script must be moved to where its mounts are on
 * this machine: the script's documented path variables ({@value #PATH_VARIABLES_TEXT}) are set from the pod's own
 * environment or, where the pod leaves one unset, from the default the script itself declares
 * ({@code readonly NAME="${NAME:-default}"}), each mapped into the pod's file system; the command's absolute
 * arguments are mapped the same way. Every other variable is the pod's, unchanged, and nothing of this JVM's but
 * {@code PATH}. buildah gets a private {@code CONTAINERS_STORAGE_CONF} whose graph and run roots are buildah's
 * defaults for root inside the container ({@code /var/lib/containers/storage}, {@code /run/containers/storage}),
 * so its layers land in the pod's emptyDir when the pod mounts one there and go with the pod's folder.
 */
final class ContainerProcess {

    private static final List<String> PATH_VARIABLES = List.of("BUILD_DIR", "PUSH_AUTH_FILE", "PULL_AUTH_FILE",
            "TERMINATION_LOG");
    private static final String PATH_VARIABLES_TEXT = "BUILD_DIR, PUSH_AUTH_FILE, PULL_AUTH_FILE, TERMINATION_LOG";
    private static final Pattern SCRIPT_DEFAULT = Pattern.compile(
            "^readonly ([A-Z_]+)=\"\\$\\{\\1:-([^}\"]*)\\}\"\\s*$", Pattern.MULTILINE);
    private static final String HOST_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Process process;
    private final Path log;

    private ContainerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the container's command.
     *
     * @throws IllegalArgumentException when the container cannot be run as this kubelet runs containers (an
     *                                  environment value taken from an object, no command); the kubelet reports
     *                                  that as {@code CreateContainerConfigError}
     */
    static ContainerProcess start(V1Container container, PodFileSystem fs) throws IOException {
        List<String> command = new ArrayList<>();
        if (container.getCommand() == null || container.getCommand().isEmpty()) {
            throw new IllegalArgumentException("the container has no command: the builder image's entrypoint is unknown here");
        }
        container.getCommand().forEach(part -> command.add(mapIfAbsolute(part, fs)));
        if (container.getArgs() != null) {
            container.getArgs().forEach(arg -> command.add(mapIfAbsolute(arg, fs)));
        }

        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", HOST_PATH));
        env.put("HOME", fs.hostPath("/root").toString());
        env.put("TMPDIR", fs.hostPath("/tmp").toString());
        Map<String, String> podEnv = new LinkedHashMap<>();
        if (container.getEnv() != null) {
            for (V1EnvVar variable : container.getEnv()) {
                if (variable.getValueFrom() != null) {
                    throw new IllegalArgumentException("the variable " + variable.getName()
                            + " takes its value from an object; this local kubelet runs plain values only");
                }
                podEnv.put(variable.getName(), variable.getValue() == null ? "" : variable.getValue());
            }
        }
        env.putAll(podEnv);
        Map<String, String> scriptDefaults = scriptDefaults(command, fs);
        for (String name : PATH_VARIABLES) {
            String value = podEnv.containsKey(name) && !podEnv.get(name).isEmpty() ? podEnv.get(name) : scriptDefaults.get(name);
            if (value == null) {
                throw new IllegalArgumentException("the pod does not set " + name
                        + " and the build script declares no default for it");
            }
            env.put(name, fs.hostPath(value).toString());
        }
        env.put("CONTAINERS_STORAGE_CONF", storageConf(fs).toString());

        Path log = fs.privateFolder().resolve("container.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(container.getWorkingDir() == null || container.getWorkingDir().isEmpty()
                        ? fs.hostPath("/").toFile() : fs.hostPath(container.getWorkingDir()).toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        return new ContainerProcess(builder.start(), log);
    }

    /** Waits up to {@code timeout} for the command to end; true when it did. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The command's process and every process it started, as they are now. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        all.addAll(process.descendants().toList());
        return all;
    }

    int exitCode() {
        return process.exitValue();
    }

    /**
     * Stops the command as the kubelet stops a container: {@code TERM}, then, after {@code grace}, {@code KILL}
     * to it and every process it started. Returns once none of them is left.
     */
    void stop(Duration grace) throws InterruptedException {
        Set<ProcessHandle> family = new HashSet<>(process.descendants().toList());
        process.destroy();
        if (!process.waitFor(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS)) {
            family.addAll(process.descendants().toList());
            process.destroyForcibly();
        }
        family.addAll(process.descendants().toList());
        family.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        for (ProcessHandle member : family) {
            try {
                member.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("process " + member.pid() + " of a stopped build did not end", e);
            }
        }
    }

    /** The container's log (standard output and error, interleaved as written). */
    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** The last {@code lines} lines of the log, at most {@code maxBytes} of them: the kubelet's fallback message. */
    String logTail(int lines, int maxBytes) throws IOException {
        String[] all = log().split("\n");
        String tail = String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
        byte[] bytes = tail.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= maxBytes ? tail
                : new String(bytes, bytes.length - maxBytes, maxBytes, StandardCharsets.UTF_8);
    }

    private static String mapIfAbsolute(String value, PodFileSystem fs) {
        return value.startsWith("/") ? fs.hostPath(value).toString() : value;
    }

    /** The defaults the script that the command runs declares for its path variables; none when it runs no file. */
    private static Map<String, String> scriptDefaults(List<String> command, PodFileSystem fs) throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String part : command) {
            Path file = Path.of(part);
            if (file.isAbsolute() && file.startsWith(fs.hostPath("/")) && Files.isRegularFile(file)) {
                Matcher matcher = SCRIPT_DEFAULT.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    defaults.put(matcher.group(1), matcher.group(2));
                }
            }
        }
        return defaults;
    }

    private static Path storageConf(PodFileSystem fs) throws IOException {
        Path graphRoot = fs.hostPath("/var/lib/containers/storage");
        Path runRoot = fs.hostPath("/run/containers/storage");
        Files.createDirectories(graphRoot);
        Files.createDirectories(runRoot);
        Path conf = fs.privateFolder().resolve("storage.conf");
        // No driver: the pod's STORAGE_DRIVER decides, as it does in the builder image.
        Files.writeString(conf, "[storage]\ngraphroot = \"" + graphRoot + "\"\nrunroot = \"" + runRoot + "\"\n",
                StandardCharsets.UTF_8);
        return conf;
    }
}
