package io.primehub.imagebuilder.k8s;

import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.validation.Quoting;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of {@link BuildNetwork}'s values. Each answers the problem, starting with the setting's key, or nothing.
 *
 * <p>A URL is {@code http://} or {@code https://}, a host, an optional port and path, and nothing else: no user name
 * or password, query or fragment, and only the characters {@code A-Z a-z 0-9 . _ ~ : / % + - [ ]} (a percent-encoded
 * character is fine). So a value reaches pip's, conda's and apt's configuration files and the shell as it is, with
 * nothing to quote. A value with an {@code @} is never shown: it may hold a password.
 */
final class BuildNetworkRules {

    static final String URL_CHARACTERS = "A-Z a-z 0-9 . _ ~ : / % + - [ ]";

    private static final Pattern URL_CHARACTER = Pattern.compile("[A-Za-z0-9._~:/%+\\[\\]-]");
    private static final Pattern PERCENT_ESCAPES = Pattern.compile("(%[0-9A-Fa-f]{2}|[^%])*");
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");
    /** A ConfigMap key, as Kubernetes validates it. */
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

    private static final String NOT_SHOWN = "holds a user name or password (user:password@host), which is not shown;";

    private BuildNetworkRules() {}

    /** An absolute {@code http://} or {@code https://} URL of an index, channel or mirror; {@code ""} is unset. */
    static Optional<String> url(String key, String value) {
        return urlProblem(value, false).map(problem -> key + ": " + problem);
    }

    /** A proxy: {@code http[s]://host[:port]}, with no path but {@code /}; {@code ""} is unset. */
    static Optional<String> proxy(String key, String value) {
        return urlProblem(value, true).map(problem -> key + ": " + problem);
    }

    /** One entry of {@code NO_PROXY} ({@code index} from 0): a host, a domain, an IP address, a CIDR range or {@code *}. */
    static Optional<String> noProxyEntry(String key, int index, String entry) {
        if (entry.equals("*")) {
            return Optional.empty();
        }
        String host = entry.startsWith("*.") ? entry.substring(2) : entry.startsWith(".") ? entry.substring(1) : entry;
        int slash = host.indexOf('/');
        boolean valid;
        if (slash >= 0) {
            String address = host.substring(0, slash);
            String bits = host.substring(slash + 1);
            valid = bits.matches("\\d{1,3}")
                    && ((IPV4.matcher(address).matches() && Integer.parseInt(bits) <= 32)
                            || (IPV6.matcher(address).matches() && Integer.parseInt(bits) <= 128));
        } else {
            valid = isHostAndPort(host, true);
        }
        if (valid) {
            return Optional.empty();
        }
        return Optional.of(
                key + ": entry " + (index + 1) + " " + shown(entry) + "is not a host, a domain (.example.test),"
                        + " an IP address, a CIDR range (10.0.0.0/8) or *; entries are separated by commas");
    }

    /** One of pip's trusted hosts: {@code host} or {@code host:port}. */
    static Optional<String> trustedHost(String key, int index, String entry) {
        if (isHostAndPort(entry, false)) {
            return Optional.empty();
        }
        return Optional.of(key + ": entry " + (index + 1) + " " + shown(entry) + "is not a host or host:port (a URL is"
                + " not needed here: pip trusts the host, whatever the scheme)");
    }

    static Optional<String> configMapName(String name) {
        if (name != null && ObjectNames.isValidSubdomain(name)) {
            return Optional.empty();
        }
        return Optional.of(shown(name == null ? "" : name) + "is not a ConfigMap name (lower-case letters, digits, '-'"
                + " and '.', at most 253); give name or name/key (key default " + BuildNetwork.CaBundleRef.DEFAULT_KEY
                + ")");
    }

    static Optional<String> configMapKey(String key) {
        if (key != null && CONFIG_MAP_KEY.matcher(key).matches() && !key.equals(".") && !key.equals("..")) {
            return Optional.empty();
        }
        return Optional.of("the key " + shown(key == null ? "" : key) + "is not a ConfigMap key (letters, digits, '-',"
                + " '_' and '.', at most 253)");
    }

    private static Optional<String> urlProblem(String value, boolean proxy) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.indexOf('@') >= 0) {
            return Optional.of(NOT_SHOWN + " a build cannot be given a credential in a URL (it would reach the build's"
                    + " environment and log): let the build pods in by their network address instead");
        }
        String shown = Quoting.forMessage(value);
        String example = proxy ? " (http[s]://host[:port])" : " (http[s]://host[:port][/path])";
        if (!value.startsWith("http://") && !value.startsWith("https://")) {
            return Optional.of(shown + " is not an http:// or https:// URL" + example);
        }
        Matcher characters = URL_CHARACTER.matcher("");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!characters.reset(String.valueOf(c)).matches()) {
                String what = c == '?'
                        ? "a query (?)"
                        : c == '#'
                                ? "a fragment (#)"
                                : Character.isWhitespace(c) || Character.isISOControl(c) || c > 126
                                        ? "a space, control or non-ASCII character"
                                        : "the character '" + c + "'";
                return Optional.of(
                        shown + " has " + what + ", which a URL here may not hold (only " + URL_CHARACTERS + ")");
            }
        }
        if (!PERCENT_ESCAPES.matcher(value).matches()) {
            return Optional.of(shown + " has a '%' that starts no percent-encoded character (%2F)");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of(shown + " is not a URL" + example);
        }
        String authority = uri.getRawAuthority();
        if (uri.getHost() == null || authority == null || !isHostAndPort(authority, false)) {
            return Optional.of(shown + " has no valid host (a name, an IPv4 address or [IPv6]) and port" + example);
        }
        String path = uri.getRawPath();
        if (proxy && path != null && !path.isEmpty() && !path.equals("/")) {
            return Optional.of(shown + " has a path; a proxy is http[s]://host[:port]");
        }
        return Optional.empty();
    }

    /** {@code host[:port]}, the host a name, an IPv4 address or an IPv6 one in brackets (bare when {@code bare}). */
    private static boolean isHostAndPort(String text, boolean bareIpv6) {
        if (text.isEmpty()) {
            return false;
        }
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return false;
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return false;
                }
                port = rest.substring(1);
            }
            return IPV6.matcher(host).matches() && validPort(port);
        }
        if (bareIpv6 && IPV6.matcher(text).matches() && text.indexOf(':') != text.lastIndexOf(':')) {
            return true;
        }
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        return (HOST_NAME.matcher(host).matches() || IPV4.matcher(host).matches()) && validPort(port);
    }

    private static boolean validPort(String port) {
        return port == null || (PORT.matcher(port).matches() && Integer.parseInt(port) <= 65535);
    }

    /** A value as a message shows it, followed by a space; nothing when it may hold a credential. */
    private static String shown(String value) {
        return value.indexOf('@') >= 0 ? "(not shown: it holds an @) " : Quoting.forMessage(value) + " ";
    }
}
