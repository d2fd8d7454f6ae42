package io.primehub.imagebuilder.domain.port;

import io.primehub.imagebuilder.domain.model.RegistryTarget;
import java.util.List;
import java.util.Optional;

/** Where images are pushed and with which credential. */
public interface RegistryCredentials {

    /** The push destination, or empty when the custom-image feature or its registry is not configured. */
    Optional<RegistryTarget> target();

    /**
     * Why the registry is not configured, for a status message (names the missing or bad setting, never a
     * secret); empty when it is configured.
     */
    Optional<String> notConfiguredReason();

    /**
     * Whether the controller writes the push secret ({@link #dockerConfigJson()}); false when the push secret is made
     * by someone else (PrimeHub's Helm chart makes it from its registry values) and is used as it is.
     */
    boolean managesPushSecret();

    /**
     * The content of the push secret: a Docker config JSON ({@code .dockerconfigjson}) for the target
     * registry. Callers put it in a Secret and never log it.
     *
     * @throws IllegalStateException when the registry is not configured, or the push secret is not the controller's
     */
    byte[] dockerConfigJson();

    /**
     * The secret strings of the credential (the password, and the base64 {@code user:password} a docker config JSON
     * carries), to redact from any text kept or shown, such as a kept build log; empty when there is none.
     */
    default List<String> secretValues() {
        return List.of();
    }
}
