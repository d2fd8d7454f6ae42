package io.primehub.imagebuilder.registry;

import java.util.Objects;

/** One registry's credential in a docker config JSON. Its {@code toString} masks the password. */
public record DockerAuth(String username, Secret password) {

    public DockerAuth {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }
}
