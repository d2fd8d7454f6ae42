package io.primehub.imagebuilder.domain.port;

import io.primehub.imagebuilder.domain.model.RegistryTarget;
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
     * The content of the push secret: a Docker config JSON ({@code .dockerconfigjson}) for the target
     * registry. Callers put it in a Secret and never log it.
     *
     * @throws IllegalStateException when the registry is not configured
     */
    byte[] dockerConfigJson();
}
