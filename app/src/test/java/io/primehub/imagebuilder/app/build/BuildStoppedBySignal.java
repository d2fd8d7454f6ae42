package io.primehub.imagebuilder.app.build;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A program that pushes a build whose tool never ends, for {@link LocalBuildSignalTest} to stop with a signal.
 * Arguments: the folder of the stand-in {@code buildah}, and the file where the stand-in writes what it was given.
 */
public final class BuildStoppedBySignal {

    private BuildStoppedBySignal() {}

    public static void main(String[] args) {
        Map<String, String> env = Map.of("PATH", Path.of(args[0]) + ":/usr/bin:/bin", "STAND_IN_REPORT", args[1]);
        new LocalBuild(env, System.out)
                .build(
                        LocalBuild.Engine.BUILDAH,
                        new LocalBuild.Request(
                                "127.0.0.1:5000/base/debian:bookworm",
                                "FROM 127.0.0.1:5000/base/debian:bookworm\n",
                                "127.0.0.1:5000/team/spec:96ff7925",
                                true,
                                false,
                                Optional.of("{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"YnVpbGRlcjpzM2NyZXQ=\"}}}"
                                        .getBytes(StandardCharsets.UTF_8)),
                                Optional.empty()));
        System.out.println("the build ended by itself");
    }
}
