package io.primehub.imagebuilder.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.PackageManager;
import io.primehub.imagebuilder.domain.validation.PackageRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the rendered RUN instructions through the real /bin/sh, as Docker does ({@code sh -c}), with stand-ins
 * for apt-get, conda, pip and rm that record the arguments they get. PATH holds the stand-ins and nothing else,
 * so no real command can run. Proves with a shell, not a regex, that every package the validator accepts,
 * however shell-significant, reaches its package manager as exactly one argument, unchanged.
 */
class RenderedRunInstructionsTest {

    private static final String RECORDER = """
            #!/bin/sh
            { printf '%s\\0' "$(($# + 1))" "${0##*/}"; for a in "$@"; do printf '%s\\0' "$a"; done; } >> "$CALLS"
            """;

    private final MustacheDockerfileRenderer renderer = new MustacheDockerfileRenderer();

    @TempDir
    Path dir;

    private Path calls;
    private Path workDir;
    private Path bin;

    @BeforeEach
    void standIns() throws IOException {
        bin = Files.createDirectory(dir.resolve("bin"));
        workDir = Files.createDirectory(dir.resolve("work"));
        calls = dir.resolve("calls");
        for (String command : List.of("apt-get", "conda", "pip", "rm")) {
            standIn(command, RECORDER);
        }
    }

    private void standIn(String command, String script) throws IOException {
        Path file = Files.writeString(bin.resolve(command), script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static Stream<Arguments> shellSignificantPackages() {
        return Stream.of(
                Arguments.of(
                        PackageManager.APT,
                        List.of(
                                "g++",
                                "libstdc++6",
                                "git=1:2.39.5-0+deb12u1",
                                "libc6:amd64",
                                "python3.11",
                                "pkg=1.0~rc1-1",
                                "curl")),
                Arguments.of(
                        PackageManager.CONDA,
                        List.of(
                                "conda-forge::numpy=1.26=py311*",
                                "numpy>=1.26,<2",
                                "python=3.11",
                                "scipy<1.12",
                                "pytorch::pytorch=2.3.1=*cuda*",
                                "numpy!=1.25",
                                "_libgcc_mutex",
                                "libgcc-ng>=12")),
                Arguments.of(
                        PackageManager.PIP,
                        List.of(
                                "numpy>=1.26",
                                "requests[security]>=2.31,<3",
                                "pkg<2",
                                "torch==2.3.1",
                                "numpy >= 1.26",
                                "black[d, jupyter]",
                                "scipy~=1.11",
                                "numpy==1.26.*",
                                "foo!=1.0",
                                "bar===1.0+local",
                                "tensorflow>2,<=2.16",
                                "a.b_c-d")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shellSignificantPackages")
    void everyPackageReachesItsManagerAsExactlyOneUnchangedArgument(PackageManager manager, List<String> items)
            throws IOException {
        String dockerfile = renderer.render(Recipes.only(manager, items));

        List<List<String>> recorded = runAll(DockerfileInstructions.runCommands(dockerfile), items);

        assertEquals(items, installedBy(manager, recorded), dockerfile);
    }

    @Test
    void allThreeLayersInstallTheirOwnPackagesInOrderAptCondaPip() throws IOException {
        List<String> apt = List.of("curl", "g++");
        List<String> conda = List.of("numpy=1.26", "conda-forge::scipy>=1.11");
        List<String> pip = List.of("pandas>=2", "requests[security]>=2.31,<3");
        String dockerfile = renderer.render(Recipes.recipe(apt, conda, pip));

        List<List<String>> recorded = runAll(DockerfileInstructions.runCommands(dockerfile), List.of());

        assertEquals(
                List.of(
                        List.of("apt-get", "update"),
                        concat(List.of("apt-get", "install", "-y", "--no-install-recommends"), apt),
                        List.of("apt-get", "clean"),
                        concat(List.of("conda", "install", "-y"), conda),
                        List.of("conda", "clean", "-afy"),
                        concat(List.of("pip", "install", "--no-cache-dir"), pip)),
                recorded.stream().filter(call -> !call.get(0).equals("rm")).toList());
        assertEquals(
                List.of("rm", "-rf"),
                recorded.stream()
                        .filter(call -> call.get(0).equals("rm"))
                        .map(call -> call.subList(0, 2))
                        .findFirst()
                        .orElseThrow(),
                "the apt lists are removed in the apt layer");
    }

    /**
     * The longest lists the validator accepts ({@link PackageRules#MAX_LIST_LENGTH} of characters, and
     * {@link PackageRules#MAX_PACKAGES} packages) make RUN lines well under 100 KiB, which the shell runs: the
     * kernel takes one argument of up to 128 KiB, and {@code sh -c} gets the whole line as one.
     */
    @Test
    void theLongestListsTheValidatorAcceptsMakeRunLinesTheShellRuns() throws IOException {
        String longest = "a".repeat(PackageRules.MAX_LENGTH);
        List<String> longList =
                Collections.nCopies((PackageRules.MAX_LIST_LENGTH + 1) / (PackageRules.MAX_LENGTH + 1), longest);
        List<String> manyShort = IntStream.range(0, PackageRules.MAX_PACKAGES)
                .mapToObj(i -> "pkg" + i)
                .toList();
        String dockerfile = renderer.render(Recipes.recipe(longList, longList, manyShort));

        List<String> runCommands = DockerfileInstructions.runCommands(dockerfile);
        for (String command : runCommands) {
            assertTrue(command.length() < 40 * 1024, "a RUN line of " + command.length() + " characters");
        }
        List<List<String>> recorded = runAll(runCommands, List.of());
        assertEquals(longList, installedBy(PackageManager.APT, recorded));
        assertEquals(longList, installedBy(PackageManager.CONDA, recorded));
        assertEquals(manyShort, installedBy(PackageManager.PIP, recorded));
    }

    @Test
    void aTemplateThatInstallsAllThreeLongestListsOnOneRunLineStaysUnder100KiB() throws IOException {
        Path template = Files.writeString(
                dir.resolve("one-line.mustache"),
                "FROM {{baseImage}}\n"
                        + "RUN apt-get install -y {{#apt}}{{packages}}{{/apt}} && conda install -y {{#conda}}{{packages}}{{/conda}}"
                        + " && pip install {{#pip}}{{packages}}{{/pip}}\n");
        List<String> longList = Collections.nCopies(
                (PackageRules.MAX_LIST_LENGTH + 1) / (PackageRules.MAX_LENGTH + 1),
                "a".repeat(PackageRules.MAX_LENGTH));
        String dockerfile = MustacheDockerfileRenderer.fromTemplateFile(template)
                .render(Recipes.recipe(longList, longList, longList));

        List<String> runCommands = DockerfileInstructions.runCommands(dockerfile);
        assertEquals(1, runCommands.size());
        assertTrue(
                runCommands.get(0).length() < 100 * 1024,
                "a RUN line of " + runCommands.get(0).length() + " characters");
        List<List<String>> recorded = runAll(runCommands, List.of());
        assertEquals(3, recorded.size());
        for (List<String> call : recorded) {
            assertEquals(longList, call.subList(call.size() - longList.size(), call.size()));
        }
    }

    /**
     * On a Jupyter Docker Stacks base ({@code fix-permissions} on the PATH, {@code CONDA_DIR} and {@code NB_USER} set,
     * as the stacks' images have them) the conda and the pip layer each run it on the conda folder and the notebook
     * user's home, after installing and in the same RUN; the apt layer does not.
     */
    @Test
    void onAJupyterStacksBaseTheCondaAndPipLayersFixPermissionsOfCondaAndTheNotebookHomeAfterInstalling()
            throws IOException {
        standIn("fix-permissions", RECORDER);
        String dockerfile =
                renderer.render(Recipes.recipe(List.of("curl"), List.of("numpy=1.26"), List.of("pandas>=2")));

        List<List<List<String>>> byRun = runEach(
                DockerfileInstructions.runCommands(dockerfile), Map.of("CONDA_DIR", "/opt/conda", "NB_USER", "jovyan"));

        List<List<String>> fixed =
                List.of(List.of("fix-permissions", "/opt/conda"), List.of("fix-permissions", "/home/jovyan"));
        assertEquals(3, byRun.size());
        assertTrue(
                byRun.get(0).stream().noneMatch(call -> call.get(0).equals("fix-permissions")), byRun.get(0)::toString);
        assertEquals(
                concat(
                        List.of(List.of("conda", "install", "-y", "numpy=1.26"), List.of("conda", "clean", "-afy")),
                        fixed),
                byRun.get(1));
        assertEquals(concat(List.of(List.of("pip", "install", "--no-cache-dir", "pandas>=2")), fixed), byRun.get(2));
    }

    /** Any other base lacks the script or the variables: the layers install and skip it, and the RUN succeeds. */
    @ParameterizedTest(name = "fix-permissions on the PATH {0}, CONDA_DIR {1}, NB_USER {2}")
    @CsvSource({
        "false, '',         ''",
        "false, /opt/conda, jovyan",
        "true,  '',         ''",
        "true,  /opt/conda, ''",
        "true,  '',         jovyan",
    })
    void onAnyOtherBaseTheLayersInstallAndSkipFixPermissions(boolean script, String condaDir, String notebookUser)
            throws IOException {
        if (script) {
            standIn("fix-permissions", RECORDER);
        }
        Map<String, String> env = new HashMap<>();
        if (!condaDir.isEmpty()) {
            env.put("CONDA_DIR", condaDir);
        }
        if (!notebookUser.isEmpty()) {
            env.put("NB_USER", notebookUser);
        }
        String dockerfile = renderer.render(Recipes.recipe(List.of(), List.of("numpy=1.26"), List.of("pandas>=2")));

        List<List<List<String>>> byRun = runEach(DockerfileInstructions.runCommands(dockerfile), env);

        assertEquals(
                List.of(
                        List.of(List.of("conda", "install", "-y", "numpy=1.26"), List.of("conda", "clean", "-afy")),
                        List.of(List.of("pip", "install", "--no-cache-dir", "pandas>=2"))),
                byRun);
    }

    /** The opt-in reaches pip as pip's own variable (its --break-system-packages), and nothing else gets it. */
    @ParameterizedTest(name = "pipBreakSystemPackages {0}")
    @CsvSource({"false, unset", "true, 1"})
    void pipGetsBreakSystemPackagesOnlyWhenTheAdministratorAsked(boolean on, String seenByPip) throws IOException {
        Path seen = dir.resolve("pip-saw");
        standIn("pip", RECORDER + "printf '%s\\n' \"${PIP_BREAK_SYSTEM_PACKAGES-unset}\" >> \"$PIP_SAW\"\n");
        standIn("conda", RECORDER + "printf '%s\\n' \"${PIP_BREAK_SYSTEM_PACKAGES-unset}\" >> \"$PIP_SAW\"\n");
        String dockerfile = renderer.withPipBreakSystemPackages(on)
                .render(Recipes.recipe(List.of(), List.of("numpy=1.26"), List.of("pandas>=2")));

        List<List<List<String>>> byRun =
                runEach(DockerfileInstructions.runCommands(dockerfile), Map.of("PIP_SAW", seen.toString()));

        assertEquals(
                List.of("pip", "install", "--no-cache-dir", "pandas>=2"),
                byRun.get(1).get(0));
        // conda install, conda clean, then pip
        assertEquals(List.of("unset", "unset", seenByPip), Files.readAllLines(seen));
    }

    /** Runs each RUN command on its own (see {@link #runAll}) and answers the calls each made. */
    private List<List<List<String>>> runEach(List<String> runCommands, Map<String, String> env) throws IOException {
        List<List<List<String>>> byRun = new ArrayList<>();
        for (String command : runCommands) {
            Files.deleteIfExists(calls);
            Files.createFile(calls);
            byRun.add(runAll(List.of(command), List.of(), env).stream()
                    .filter(call -> !call.get(0).equals("rm"))
                    .toList());
        }
        return byRun;
    }

    private List<List<String>> runAll(List<String> runCommands, List<String> items) throws IOException {
        return runAll(runCommands, items, Map.of());
    }

    /**
     * Runs each RUN command in a work folder that holds a file for every glob pattern among the packages, so that
     * an unquoted '*' would be replaced by a file name; afterwards the folder must hold nothing new (a '>' that
     * reached the shell unquoted would have made a file).
     */
    private List<List<String>> runAll(List<String> runCommands, List<String> items, Map<String, String> extraEnv)
            throws IOException {
        Set<String> traps = items.stream()
                .filter(i -> i.contains("*"))
                .map(i -> i.replace("*", "-glob-trap"))
                .collect(Collectors.toSet());
        for (String trap : traps) {
            Files.createFile(workDir.resolve(trap));
        }
        assertTrue(!runCommands.isEmpty(), "nothing to run");
        for (String command : runCommands) {
            Map<String, String> env = new HashMap<>(extraEnv);
            env.put("PATH", bin.toString());
            env.put("CALLS", calls.toString());
            PosixShell.Result result = PosixShell.runCommand(command, env, workDir);
            assertEquals(0, result.status(), () -> "RUN " + command + " failed: " + result.err());
        }
        try (Stream<Path> left = Files.list(workDir)) {
            assertEquals(
                    traps,
                    left.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
                    "the RUN commands made or removed files in the work folder");
        }
        return readCalls();
    }

    /** Each call is written as its argument count, then its arguments, each followed by NUL (which no argument can hold). */
    private List<List<String>> readCalls() throws IOException {
        String[] fields = new String(Files.readAllBytes(calls), StandardCharsets.UTF_8).split("\0", -1);
        List<List<String>> result = new ArrayList<>();
        int i = 0;
        while (i < fields.length - 1) {
            int count = Integer.parseInt(fields[i]);
            result.add(List.of(fields).subList(i + 1, i + 1 + count));
            i += 1 + count;
        }
        assertEquals("", fields[fields.length - 1], "a call was cut short");
        return result;
    }

    private static List<String> installedBy(PackageManager manager, List<List<String>> recorded) {
        List<String> prefix = switch (manager) {
            case APT -> List.of("apt-get", "install", "-y", "--no-install-recommends");
            case CONDA -> List.of("conda", "install", "-y");
            case PIP -> List.of("pip", "install", "--no-cache-dir");
        };
        List<List<String>> installs = recorded.stream()
                .filter(call -> call.size() >= prefix.size()
                        && call.subList(0, prefix.size()).equals(prefix))
                .toList();
        assertEquals(1, installs.size(), () -> "expected one install call, got " + recorded);
        return installs.get(0).subList(prefix.size(), installs.get(0).size());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
