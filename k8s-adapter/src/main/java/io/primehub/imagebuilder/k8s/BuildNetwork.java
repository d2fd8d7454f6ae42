package io.primehub.imagebuilder.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a build reaches the network: proxies, a pip index, conda channels, an apt mirror and a private CA. Each value
 * reaches the build script as an environment variable ({@link #scriptEnvironment()}); the script turns them into what
 * each tool reads, for the build only, never into the pushed image (docs/builds.md, "Proxies, mirrors and private CAs").
 *
 * <p>Every value is checked when the record is made, and every problem is reported at once, each naming its setting's
 * key ({@link InvalidBuildNetworkException}). A URL may not hold a user name or password ({@code user:password@host}):
 * the build's environment, its log and its pod spec are not places for a credential, so such a URL is refused, and no
 * message shows a value with an {@code @} in it.
 *
 * @param httpProxy            {@code http[s]://host[:port]}, or {@code ""}
 * @param httpsProxy           {@code http[s]://host[:port]}, or {@code ""}
 * @param noProxy              hosts, domains ({@code .example.test}), IP addresses, CIDR ranges or {@code *}
 * @param pipIndexUrl          pip's {@code index-url}, or {@code ""}
 * @param pipExtraIndexUrls    pip's {@code extra-index-url}s
 * @param pipTrustedHosts      pip's {@code trusted-host}s: {@code host} or {@code host:port}
 * @param condaChannelAlias    conda's {@code channel_alias}, or {@code ""}
 * @param condaDefaultChannels conda's {@code default_channels}
 * @param aptMirror            replaces {@code scheme://host} of the public Debian and Ubuntu archives in the base's apt
 *                             sources, or {@code ""}
 * @param caBundle             a ConfigMap (in the build pods' namespace) whose PEM the build trusts besides the builder
 *                             image's own CAs
 */
public record BuildNetwork(
        String httpProxy,
        String httpsProxy,
        List<String> noProxy,
        String pipIndexUrl,
        List<String> pipExtraIndexUrls,
        List<String> pipTrustedHosts,
        String condaChannelAlias,
        List<String> condaDefaultChannels,
        String aptMirror,
        Optional<CaBundleRef> caBundle) {

    public static final String HTTP_PROXY_KEY = "PRIMEHUB_CUSTOM_IMAGE_BUILD_HTTP_PROXY";
    public static final String HTTPS_PROXY_KEY = "PRIMEHUB_CUSTOM_IMAGE_BUILD_HTTPS_PROXY";
    public static final String NO_PROXY_KEY = "PRIMEHUB_CUSTOM_IMAGE_BUILD_NO_PROXY";
    public static final String PIP_INDEX_URL_KEY = "PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_INDEX_URL";
    public static final String PIP_EXTRA_INDEX_URL_KEY = "PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_EXTRA_INDEX_URL";
    public static final String PIP_TRUSTED_HOST_KEY = "PRIMEHUB_CUSTOM_IMAGE_BUILD_PIP_TRUSTED_HOST";
    public static final String CONDA_CHANNEL_ALIAS_KEY = "PRIMEHUB_CUSTOM_IMAGE_BUILD_CONDA_CHANNEL_ALIAS";
    public static final String CONDA_DEFAULT_CHANNELS_KEY = "PRIMEHUB_CUSTOM_IMAGE_BUILD_CONDA_DEFAULT_CHANNELS";
    public static final String APT_MIRROR_KEY = "PRIMEHUB_CUSTOM_IMAGE_BUILD_APT_MIRROR";
    public static final String CA_BUNDLE_KEY = "PRIMEHUB_CUSTOM_IMAGE_BUILD_CA_BUNDLE";

    /** Every key, in the order of the documentation. */
    public static final List<String> KEYS = List.of(
            HTTP_PROXY_KEY,
            HTTPS_PROXY_KEY,
            NO_PROXY_KEY,
            PIP_INDEX_URL_KEY,
            PIP_EXTRA_INDEX_URL_KEY,
            PIP_TRUSTED_HOST_KEY,
            CONDA_CHANNEL_ALIAS_KEY,
            CONDA_DEFAULT_CHANNELS_KEY,
            APT_MIRROR_KEY,
            CA_BUNDLE_KEY);

    /** The build script's variable with the path of the PEM file to trust (the pod mounts the ConfigMap there). */
    public static final String SCRIPT_CA_BUNDLE_VARIABLE = "BUILD_CA_BUNDLE";

    /** A list setting is split at commas and white space. */
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,\\s]+");

    public BuildNetwork {
        httpProxy = Objects.requireNonNullElse(httpProxy, "");
        httpsProxy = Objects.requireNonNullElse(httpsProxy, "");
        noProxy = List.copyOf(Objects.requireNonNullElse(noProxy, List.of()));
        pipIndexUrl = Objects.requireNonNullElse(pipIndexUrl, "");
        pipExtraIndexUrls = List.copyOf(Objects.requireNonNullElse(pipExtraIndexUrls, List.of()));
        pipTrustedHosts = List.copyOf(Objects.requireNonNullElse(pipTrustedHosts, List.of()));
        condaChannelAlias = Objects.requireNonNullElse(condaChannelAlias, "");
        condaDefaultChannels = List.copyOf(Objects.requireNonNullElse(condaDefaultChannels, List.of()));
        aptMirror = Objects.requireNonNullElse(aptMirror, "");
        caBundle = Objects.requireNonNullElse(caBundle, Optional.empty());

        List<String> problems = new ArrayList<>();
        BuildNetworkRules.proxy(HTTP_PROXY_KEY, httpProxy).ifPresent(problems::add);
        BuildNetworkRules.proxy(HTTPS_PROXY_KEY, httpsProxy).ifPresent(problems::add);
        for (int i = 0; i < noProxy.size(); i++) {
            BuildNetworkRules.noProxyEntry(NO_PROXY_KEY, i, noProxy.get(i)).ifPresent(problems::add);
        }
        BuildNetworkRules.url(PIP_INDEX_URL_KEY, pipIndexUrl).ifPresent(problems::add);
        urls(PIP_EXTRA_INDEX_URL_KEY, pipExtraIndexUrls, problems);
        for (int i = 0; i < pipTrustedHosts.size(); i++) {
            BuildNetworkRules.trustedHost(PIP_TRUSTED_HOST_KEY, i, pipTrustedHosts.get(i))
                    .ifPresent(problems::add);
        }
        BuildNetworkRules.url(CONDA_CHANNEL_ALIAS_KEY, condaChannelAlias).ifPresent(problems::add);
        urls(CONDA_DEFAULT_CHANNELS_KEY, condaDefaultChannels, problems);
        BuildNetworkRules.url(APT_MIRROR_KEY, aptMirror).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw new InvalidBuildNetworkException(problems);
        }
    }

    /** No proxy, no index, no mirror, no CA: builds reach the network directly, as before these settings. */
    public static BuildNetwork none() {
        return new BuildNetwork("", "", List.of(), "", List.of(), List.of(), "", List.of(), "", Optional.empty());
    }

    /**
     * Reads every setting by its key ({@link #KEYS}); an absent or blank value is unset. List settings are split at
     * commas and white space.
     *
     * @throws InvalidBuildNetworkException listing every problem, each naming its key and never showing a value that
     *                                      may hold a credential
     */
    public static BuildNetwork load(Function<String, Optional<String>> settings) {
        Map<String, String> text = new LinkedHashMap<>();
        for (String key : KEYS) {
            text.put(key, settings.apply(key).map(String::strip).orElse(""));
        }
        List<String> problems = new ArrayList<>();
        Optional<CaBundleRef> caBundle = Optional.empty();
        String ca = text.get(CA_BUNDLE_KEY);
        if (!ca.isEmpty()) {
            try {
                caBundle = Optional.of(CaBundleRef.parse(ca));
            } catch (IllegalArgumentException e) {
                problems.add(CA_BUNDLE_KEY + ": " + e.getMessage());
            }
        }
        try {
            BuildNetwork network = new BuildNetwork(
                    text.get(HTTP_PROXY_KEY),
                    text.get(HTTPS_PROXY_KEY),
                    list(text.get(NO_PROXY_KEY)),
                    text.get(PIP_INDEX_URL_KEY),
                    list(text.get(PIP_EXTRA_INDEX_URL_KEY)),
                    list(text.get(PIP_TRUSTED_HOST_KEY)),
                    text.get(CONDA_CHANNEL_ALIAS_KEY),
                    list(text.get(CONDA_DEFAULT_CHANNELS_KEY)),
                    text.get(APT_MIRROR_KEY),
                    caBundle);
            if (problems.isEmpty()) {
                return network;
            }
        } catch (InvalidBuildNetworkException e) {
            problems.addAll(0, e.problems());
        }
        throw new InvalidBuildNetworkException(problems);
    }

    /** Whether anything is set: without, builds are made exactly as before these settings existed. */
    public boolean isEmpty() {
        return equals(none());
    }

    /**
     * The build script's environment for these settings (its header is the contract), without the CA bundle's path,
     * which depends on where the file is ({@value #SCRIPT_CA_BUNDLE_VARIABLE}): {@code HTTP_PROXY}, {@code HTTPS_PROXY},
     * {@code NO_PROXY} (buildah reads them for its pulls and pushes and passes them into {@code RUN} steps), and
     * {@code BUILD_PIP_INDEX_URL}, {@code BUILD_PIP_EXTRA_INDEX_URL}, {@code BUILD_PIP_TRUSTED_HOST},
     * {@code BUILD_CONDA_CHANNEL_ALIAS}, {@code BUILD_CONDA_DEFAULT_CHANNELS} and {@code BUILD_APT_MIRROR}. Lists are
     * joined by spaces, {@code NO_PROXY} by commas. Only what is set is listed.
     */
    public Map<String, String> scriptEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, "HTTP_PROXY", httpProxy);
        put(env, "HTTPS_PROXY", httpsProxy);
        put(env, "NO_PROXY", String.join(",", noProxy));
        put(env, "BUILD_PIP_INDEX_URL", pipIndexUrl);
        put(env, "BUILD_PIP_EXTRA_INDEX_URL", String.join(" ", pipExtraIndexUrls));
        put(env, "BUILD_PIP_TRUSTED_HOST", String.join(" ", pipTrustedHosts));
        put(env, "BUILD_CONDA_CHANNEL_ALIAS", condaChannelAlias);
        put(env, "BUILD_CONDA_DEFAULT_CHANNELS", String.join(" ", condaDefaultChannels));
        put(env, "BUILD_APT_MIRROR", aptMirror);
        return env;
    }

    /** Whether the settings configure more than proxies: files mounted into {@code RUN} steps, which needs buildah. */
    public boolean configuresRunSteps() {
        return !pipIndexUrl.isEmpty()
                || !pipExtraIndexUrls.isEmpty()
                || !pipTrustedHosts.isEmpty()
                || !condaChannelAlias.isEmpty()
                || !condaDefaultChannels.isEmpty()
                || !aptMirror.isEmpty()
                || caBundle.isPresent();
    }

    /** The same settings with the CA bundle of {@code ref}, or none. */
    public BuildNetwork withCaBundle(Optional<CaBundleRef> ref) {
        return new BuildNetwork(
                httpProxy,
                httpsProxy,
                noProxy,
                pipIndexUrl,
                pipExtraIndexUrls,
                pipTrustedHosts,
                condaChannelAlias,
                condaDefaultChannels,
                aptMirror,
                ref);
    }

    private static void put(Map<String, String> env, String name, String value) {
        if (!value.isEmpty()) {
            env.put(name, value);
        }
    }

    private static void urls(String key, List<String> urls, List<String> problems) {
        for (int i = 0; i < urls.size(); i++) {
            BuildNetworkRules.url(urls.size() == 1 ? key : key + " (entry " + (i + 1) + ")", urls.get(i))
                    .ifPresent(problems::add);
        }
    }

    private static List<String> list(String text) {
        return text.isEmpty()
                ? List.of()
                : LIST_SEPARATOR
                        .splitAsStream(text)
                        .filter(item -> !item.isEmpty())
                        .toList();
    }

    /**
     * A key of a ConfigMap in the build pods' namespace with PEM certificates to trust: {@code name} (key
     * {@value #DEFAULT_KEY}) or {@code name/key}.
     */
    public record CaBundleRef(String configMap, String key) {

        public static final String DEFAULT_KEY = "ca.crt";

        public CaBundleRef {
            BuildNetworkRules.configMapName(configMap).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            BuildNetworkRules.configMapKey(key).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
        }

        /** {@code name} or {@code name/key}. */
        public static CaBundleRef parse(String text) {
            int slash = text.indexOf('/');
            return slash < 0
                    ? new CaBundleRef(text, DEFAULT_KEY)
                    : new CaBundleRef(text.substring(0, slash), text.substring(slash + 1));
        }

        @Override
        public String toString() {
            return configMap + "/" + key;
        }
    }
}
