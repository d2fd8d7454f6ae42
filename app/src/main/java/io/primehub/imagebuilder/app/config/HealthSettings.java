package io.primehub.imagebuilder.app.config;

import java.util.Objects;

/**
 * Where {@code /healthz} and {@code /readyz} are served.
 *
 * @param bindAddress the address to listen on; {@code 0.0.0.0} in a pod so that the kubelet reaches it
 * @param port        the TCP port; 0 picks a free one (tests)
 */
public record HealthSettings(String bindAddress, int port) {

    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    public static final int DEFAULT_PORT = 8081;

    public HealthSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind address is blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
    }
}
