package io.primehub.imagebuilder.it.support;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A build container's command, ready to run on this machine with bash in a {@link PodFileSystem}; where its output
 * goes is the caller's choice.
 *
 * <p>There is no container, so the paths the pod gives the build script must be moved to where its mounts are on
 * this machine: the script's documented path variables ({@value #PATH_VARIABLES_TEXT}) are set from the pod's own
 * environment or, where the pod leaves one unset, from the default the script itself declares
 * ({@code readonly NAME="${NAME:-default}"}), each mapped into the pod's file system; the command's absolute
 * arguments are mapped the same way. Every other variable is the pod's, unchanged, and nothing of this JVM's but
 * {@code PATH}. buildah gets a private {@code CONTAINERS_STORAGE_CONF} whose graph and run roots are buildah's
 * defaults for root inside the container ({@code /var/lib/containers/storage}, {@code /run/containers/storage}),
 * without a driver (the pod's {@code STORAGE_DRIVER} decides), so its layers land in the pod's emptyDir when the pod
 * mounts one there, each run starts with empty storage, and everything goes with the pod's folder.
 */
public final class ContainerCommand {

    private static final List<String> PATH_VARIABLES = List.of("BUILD_DIR", "PUSH_AUTH_FILE", "PULL_AUTH_FILE",
            "TERMINATION_LOG");
    private static final String PATH_VARIABLES_TEXT = "BUILD_DIR, PUSH_AUTH_FILE, PULL_AUTH_FILE, TERMINATION_LOG";
    private static final Pattern SCRIPT_DEFAULT = Pattern.compile(
            "^readonly ([A-Z_]+)=\"\\$\\{\\1:-([^}\"]*)\\}\"\\s*$", Pattern.MULTILINE);
    private static final String HOST_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ContainerCommand() {
    }

    /**
     * The container's command, environment and working folder, with input from {@code /dev/null}.
     *
     * @throws IllegalArgumentException when the container cannot be run here (an environment value taken from an
     *                                  object, no command); a kubelet reports that as {@code CreateContainerConfigError}
     */
    /**
     * A container that is not privileged runs with the capabilities its security context adds and no others, as a
     * runtime runs it: {@code setpriv} limits the bounding set (this process runs as root, so what is left is what
     * the command gets) and, without privilege escalation, sets no-new-privileges. Seccomp, AppArmor and the device
     * cgroup are not imitated.
     */
    private static List<String> capabilityBounds(V1Container container) {
        V1SecurityContext context = container.getSecurityContext();
        if (context == null || Boolean.TRUE.equals(context.getPrivileged())) {
            return List.of();
        }
        List<String> added = context.getCapabilities() == null || context.getCapabilities().getAdd() == null
                ? List.of() : context.getCapabilities().getAdd();
        StringBuilder bounds = new StringBuilder("-all");
        added.forEach(cap -> bounds.append(",+").append(cap.toLowerCase(java.util.Locale.ROOT)));
        List<String> prefix = new ArrayList<>(List.of("setpriv", "--bounding-set", bounds.toString(),
                "--inh-caps", "-all"));
        if (Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            prefix.add("--no-new-privs");
        }
        prefix.add("--");
        return prefix;
    }

    public static ProcessBuilder prepare(V1Container container, PodFileSystem fs) throws IOException {
        List<String> command = new ArrayList<>(capabilityBounds(container));
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
                            + " takes its value from an object; credentials reach a build pod only as files");
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

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(container.getWorkingDir() == null || container.getWorkingDir().isEmpty()
                        ? fs.hostPath("/").toFile() : fs.hostPath(container.getWorkingDir()).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder;
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
        Files.writeString(conf, "[storage]\ngraphroot = \"" + graphRoot + "\"\nrunroot = \"" + runRoot + "\"\n",
                StandardCharsets.UTF_8);
        return conf;
    }
}
