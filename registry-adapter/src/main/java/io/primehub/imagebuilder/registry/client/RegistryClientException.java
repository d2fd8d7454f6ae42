package io.primehub.imagebuilder.registry.client;

import java.util.List;

/**
 * A registry answered with an error, or with something that is not what was asked for. It carries the HTTP
 * status (0 when the failure is not one) and the registry's error codes such as {@code MANIFEST_UNKNOWN}; its
 * message never holds a password or token.
 */
public class RegistryClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final List<String> errorCodes;

    public RegistryClientException(int status, List<String> errorCodes, String message) {
        super(message);
        this.status = status;
        this.errorCodes = List.copyOf(errorCodes);
    }

    public RegistryClientException(String message) {
        this(0, List.of(), message);
    }

    public RegistryClientException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.errorCodes = List.of();
    }

    /** The HTTP status, or 0 when the failure was not an HTTP answer. */
    public int status() {
        return status;
    }

    /** The registry's error codes ({@code MANIFEST_UNKNOWN}, {@code UNAUTHORIZED}, ...), possibly none. */
    public List<String> errorCodes() {
        return errorCodes;
    }
}
