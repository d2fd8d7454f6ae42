package io.primehub.imagebuilder.registry;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry endpoint as an administrator writes it: {@code https://host[:port]}, {@code http://host[:port]}
 * or a bare {@code host[:port]}, with an optional trailing {@code /}, {@code /v1/} or {@code /v2/} that is
 * ignored. Docker Hub goes by several names ({@code docker.io}, {@code index.docker.io},
 * {@code registry-1.docker.io}, {@code https://index.docker.io/v1/}); all are one registry here.
 *
 * @param host      the host name or bracketed IPv6 address, lower-cased
 * @param port      the port, or -1 when none is given
 * @param plainHttp whether the endpoint was written as {@code http://}: the registry speaks HTTP, not TLS
 */
public record RegistryEndpoint(String host, int port, boolean plainHttp) {

    /** The key under which Docker clients store Docker Hub's credential in a docker config JSON. */
    public static final String DOCKER_HUB_AUTH_KEY = "https://index.docker.io/v1/";
    /** The registry domain of Docker Hub in image references. */
    public static final String DOCKER_HUB_DOMAIN = "docker.io";

    private static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";
    private static final Set<String> DOCKER_HUB_HOSTS = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

    private static final String LABEL = "(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])";
    private static final Pattern ENDPOINT = Pattern.compile("(?:(?<scheme>[a-z][a-z0-9+.-]*)://)?"
            + "(?<host>" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9a-f:.]+\\])"
            + "(?::(?<port>[0-9]{1,5}))?"
            + "(?<path>/.*)?");
    private static final Set<String> IGNORED_PATHS = Set.of("/", "/v1", "/v1/", "/v2", "/v2/");

    public RegistryEndpoint {
        Objects.requireNonNull(host, "host");
        if (port < -1 || port == 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
    }

    /**
     * Parses an endpoint.
     *
     * @throws IllegalArgumentException with a reason that does not repeat the text, for the caller to prefix
     */
    public static RegistryEndpoint parse(String text) {
        if (hasUserInfo(text)) {
            throw new IllegalArgumentException("holds a user name or password (user:password@host), which is not shown;"
                    + " give only [scheme://]host[:port], and the credential in " + RegistrySettings.USERNAME_KEY
                    + " and " + RegistrySettings.PASSWORD_KEY);
        }
        Matcher m = ENDPOINT.matcher(text.toLowerCase(Locale.ROOT));
        if (text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException(
                    "is not a registry endpoint (https://host[:port], http://host[:port] or host[:port])");
        }
        String scheme = m.group("scheme");
        if (scheme != null && !scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException(
                    "has the scheme " + scheme + "://; only https:// and http:// are supported");
        }
        String path = m.group("path");
        if (path != null && !IGNORED_PATHS.contains(path)) {
            throw new IllegalArgumentException("has the path " + path + "; an endpoint is only [scheme://]host[:port]"
                    + " (a repository path belongs in PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX)");
        }
        int port = -1;
        if (m.group("port") != null) {
            port = Integer.parseInt(m.group("port"));
            if (port == 0 || port > 65535) {
                throw new IllegalArgumentException("has the port " + port + ", which is not between 1 and 65535");
            }
        }
        boolean plainHttp = "http".equals(scheme);
        String host = m.group("host");
        if (plainHttp && DOCKER_HUB_HOSTS.contains(host)) {
            throw new IllegalArgumentException(
                    "names Docker Hub over http://; Docker Hub is only served over https://");
        }
        return new RegistryEndpoint(host, port, plainHttp);
    }

    /**
     * Whether {@code text} holds an {@code @}, as a URL with a user name or password ({@code https://user:pass@host})
     * does: such an endpoint is never repeated in a message, since what precedes the {@code @} is a secret.
     */
    public static boolean hasUserInfo(String text) {
        return text.indexOf('@') >= 0;
    }

    public boolean isDockerHub() {
        return port == -1 && DOCKER_HUB_HOSTS.contains(host);
    }

    /**
     * The registry as it appears at the start of an image reference: {@code host[:port]}, or
     * {@code docker.io} for Docker Hub.
     */
    public String domain() {
        if (isDockerHub()) {
            return DOCKER_HUB_DOMAIN;
        }
        return port == -1 ? host : host + ":" + port;
    }

    /** The key of this registry in a docker config JSON's {@code auths}, as Docker clients look it up. */
    public String authKey() {
        return isDockerHub() ? DOCKER_HUB_AUTH_KEY : domain();
    }

    /**
     * The base URI of the registry's HTTP API. {@code http} when the endpoint says so or {@code insecure} is
     * set (as buildah with {@code --tls-verify=false} falls back to), {@code https} otherwise.
     */
    public URI apiBase(boolean insecure) {
        if (isDockerHub()) {
            return URI.create("https://" + DOCKER_HUB_API_HOST);
        }
        return URI.create((plainHttp || insecure ? "http" : "https") + "://" + domain());
    }

    /** Whether an image reference's registry domain ({@code ""} for none, meaning Docker Hub) is this registry. */
    public boolean servesDomain(String referenceDomain) {
        String domain = referenceDomain.toLowerCase(Locale.ROOT);
        if (domain.isEmpty() || domain.equals(DOCKER_HUB_DOMAIN) || domain.equals("index.docker.io")) {
            return isDockerHub();
        }
        return domain.equals(domain());
    }

    @Override
    public String toString() {
        return (plainHttp ? "http://" : "") + domain();
    }
}
