package io.primehub.imagebuilder.registry;

import io.primehub.imagebuilder.domain.model.ImageNaming;
import io.primehub.imagebuilder.domain.model.ImageReference;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.validation.Quoting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where custom images are pushed and with which credential, read from a {@link ConfigSource} and validated
 * as a whole: {@link #load} reports every problem at once, each naming its key.
 *
 * <p>Where: under a repository prefix ({@value #REPO_PREFIX_KEY}, {@code <prefix>/<image>:<tag>}), or in one
 * repository ({@value #PUSH_REPO_KEY}, {@code <repo>:<image>-<tag>}, PrimeHub's {@code customImage.pushRepo}), which
 * wins when both are set. With which credential: the controller writes the push secret from
 * {@value #ENDPOINT_KEY}, {@value #USERNAME_KEY} and {@value #PASSWORD_KEY}; when none of the three is given, the push
 * secret is someone else's (PrimeHub's Helm chart makes it from its own registry values) and is used as it is
 * ({@link #managesPushSecret()} is false).
 *
 * <p>When {@value #FEATURE_KEY} is not {@code true} the registry keys are not read at all, so leftovers of an
 * old configuration cannot stop the controller; {@link #featureEnabled()} and {@link #isConfigured()} are then
 * false and the string accessors answer {@code ""}.
 */
public final class RegistrySettings {

    public static final String FEATURE_KEY = "PRIMEHUB_FEATURE_CUSTOM_IMAGE";
    public static final String ENDPOINT_KEY = "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT";
    public static final String USERNAME_KEY = "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME";
    public static final String PASSWORD_KEY = "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD";
    public static final String REPO_PREFIX_KEY = "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX";
    public static final String PUSH_REPO_KEY = "PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO";
    public static final String IMAGE_NAME_KEY = "PRIMEHUB_CUSTOM_IMAGE_IMAGE_NAME";
    public static final String PUSH_SECRET_NAME_KEY = "PRIMEHUB_CUSTOM_IMAGE_PUSH_SECRET_NAME";
    public static final String INSECURE_KEY = "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_INSECURE";
    /** Where builds keep their layer cache: unset for the default, {@code off}, or a repository on the push registry. */
    public static final String BUILD_CACHE_KEY = "PRIMEHUB_CUSTOM_IMAGE_BUILD_CACHE";

    public static final String DEFAULT_PUSH_SECRET_NAME = "primehub-custom-image-push-secret";

    private static final Logger LOG = LoggerFactory.getLogger(RegistrySettings.class);

    private final boolean featureEnabled;
    private final RegistryEndpoint endpoint;
    private final String username;
    private final Secret password;
    private final String repoPrefix;
    private final String pushRepo;
    private final String pushSecretName;
    private final boolean insecure;
    private final ImageNaming naming;
    private final String buildCache;

    private RegistrySettings(
            boolean featureEnabled,
            RegistryEndpoint endpoint,
            String username,
            Secret password,
            String repoPrefix,
            String pushRepo,
            String pushSecretName,
            boolean insecure,
            ImageNaming naming,
            String buildCache) {
        this.featureEnabled = featureEnabled;
        this.endpoint = endpoint;
        this.username = username;
        this.password = password;
        this.repoPrefix = repoPrefix;
        this.pushRepo = pushRepo;
        this.pushSecretName = pushSecretName;
        this.insecure = insecure;
        this.naming = naming;
        this.buildCache = buildCache;
    }

    /** Settings with the custom-image feature off. */
    public static RegistrySettings disabled() {
        return new RegistrySettings(
                false, null, "", Secret.of(""), "", "", DEFAULT_PUSH_SECRET_NAME, false, ImageNaming.NAME, "");
    }

    /**
     * Reads and validates the settings. An empty value counts as unset.
     *
     * @throws RegistrySettingsException listing every problem, each naming its key
     */
    public static RegistrySettings load(ConfigSource source) {
        Objects.requireNonNull(source, "source");
        return new Loader(source).load();
    }

    public boolean featureEnabled() {
        return featureEnabled;
    }

    /** Whether images can be pushed: the feature is on and where to push is set. */
    public boolean isConfigured() {
        return featureEnabled && (!repoPrefix.isEmpty() || !pushRepo.isEmpty());
    }

    /**
     * Whether the controller writes the push secret from these settings' credentials; false when no credential is
     * given and the push secret, made by someone else (PrimeHub's chart), is used as it is.
     */
    public boolean managesPushSecret() {
        return isConfigured() && endpoint != null && !password.isEmpty();
    }

    /** The endpoint as parsed ({@code host[:port]}, with {@code http://} when plain HTTP), {@code ""} when off. */
    public String endpoint() {
        return endpoint == null ? "" : endpoint.toString();
    }

    /** The parsed endpoint, empty when the feature is off. */
    public Optional<RegistryEndpoint> registryEndpoint() {
        return Optional.ofNullable(endpoint);
    }

    /**
     * The registry's key in a docker config JSON: {@code host[:port]}, or {@code https://index.docker.io/v1/}
     * for Docker Hub; {@code ""} when off.
     */
    public String registryHost() {
        return endpoint == null ? "" : endpoint.authKey();
    }

    public String username() {
        return username;
    }

    public Secret password() {
        return password;
    }

    /** Images are pushed as {@code <repo prefix>/<image>:<tag>}; empty when they go to one push repository. */
    public String repoPrefix() {
        return pushRepo.isEmpty() ? repoPrefix : "";
    }

    /** The one repository images are pushed to as {@code <repo>:<image>-<tag>}; empty under a prefix. */
    public String pushRepo() {
        return pushRepo;
    }

    /** The name of the {@code kubernetes.io/dockerconfigjson} Secret the build pod pushes with. */
    public String pushSecretName() {
        return pushSecretName;
    }

    /**
     * Whether the build talks to this registry without TLS verification (buildah {@code --tls-verify=false},
     * which also lets it fall back to plain HTTP). Always true for an {@code http://} endpoint.
     */
    public boolean insecure() {
        return insecure;
    }

    /** The push destination, empty when not configured. */
    public Optional<RegistryTarget> target() {
        if (!isConfigured()) {
            return Optional.empty();
        }
        return Optional.of((pushRepo.isEmpty()
                        ? new RegistryTarget(repoPrefix, pushSecretName)
                        : RegistryTarget.pushRepository(pushRepo, pushSecretName))
                .withNaming(naming)
                .withBuildCache(buildCache));
    }

    /** How an image's repository is named: after the spec, or after its namespace and the spec. */
    public ImageNaming naming() {
        return naming;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegistrySettings that
                && featureEnabled == that.featureEnabled
                && insecure == that.insecure
                && Objects.equals(endpoint, that.endpoint)
                && username.equals(that.username)
                && password.equals(that.password)
                && repoPrefix.equals(that.repoPrefix)
                && pushRepo.equals(that.pushRepo)
                && buildCache.equals(that.buildCache)
                && naming == that.naming
                && pushSecretName.equals(that.pushSecretName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                featureEnabled,
                endpoint,
                username,
                password,
                repoPrefix,
                pushRepo,
                pushSecretName,
                insecure,
                naming,
                buildCache);
    }

    @Override
    public String toString() {
        if (!featureEnabled) {
            return "RegistrySettings[featureEnabled=false]";
        }
        return "RegistrySettings[featureEnabled=true, endpoint=" + endpoint + ", registryHost=" + registryHost()
                + ", username=" + username + ", password=" + password + ", repoPrefix=" + repoPrefix
                + ", pushRepo=" + pushRepo + ", imageName=" + naming.wireName() + ", pushSecretName=" + pushSecretName
                + ", buildCache=" + (buildCache.isEmpty() ? "default" : buildCache)
                + ", managed=" + managesPushSecret()
                + ", insecure=" + insecure + "]";
    }

    /** Collects every problem before failing, so an administrator fixes them all in one round. */
    private static final class Loader {

        private final ConfigSource source;
        private final List<String> problems = new ArrayList<>();
        /** The password as given, so that no message shows a value that holds it. */
        private final String password;

        Loader(ConfigSource source) {
            this.source = source;
            this.password = source.get(PASSWORD_KEY).orElse("");
        }

        /**
         * A value as a message shows it: quoted, with control and non-ASCII characters escaped, so that it forges no
         * line; not at all when it holds the password (a value pasted in the wrong place, or lines run together).
         */
        private String shown(String value) {
            if (!password.isEmpty() && value.contains(password)) {
                return "(its value is not shown: it contains the password)";
            }
            return Quoting.forMessage(value);
        }

        RegistrySettings load() {
            Optional<Boolean> feature = bool(FEATURE_KEY);
            if (feature.isPresent() && !feature.get()) {
                return disabled();
            }
            if (feature.isEmpty() && problems.isEmpty()) {
                return disabled();
            }
            // The feature is on, or its value is wrong: then check what is set, without asking for the rest.
            boolean required = feature.isPresent();

            // The credential: all three, or none (the push secret is then used as it is).
            boolean credential = required && (isSet(ENDPOINT_KEY) || isSet(USERNAME_KEY) || isSet(PASSWORD_KEY));
            RegistryEndpoint endpoint =
                    value(ENDPOINT_KEY, credential).map(this::endpoint).orElse(null);
            String username =
                    value(USERNAME_KEY, credential).map(this::username).orElse("");
            Secret password = value(PASSWORD_KEY, credential).map(Secret::of).orElse(Secret.of(""));
            Optional<String> pushRepoSetting = value(PUSH_REPO_KEY, false);
            String pushRepo = pushRepoSetting
                    .map(repo -> repository(PUSH_REPO_KEY, repo, endpoint))
                    .orElse("");
            String repoPrefix = value(REPO_PREFIX_KEY, required && pushRepoSetting.isEmpty())
                    .map(prefix -> pushRepo.isEmpty() ? repository(REPO_PREFIX_KEY, prefix, endpoint) : prefix)
                    .orElse("");
            String pushSecretName =
                    value(PUSH_SECRET_NAME_KEY, false).map(this::pushSecretName).orElse(DEFAULT_PUSH_SECRET_NAME);
            Optional<Boolean> insecureSetting = bool(INSECURE_KEY);
            boolean insecure = insecure(insecureSetting, endpoint);
            ImageNaming naming = value(IMAGE_NAME_KEY, false).map(this::naming).orElse(ImageNaming.NAME);
            String buildCache = value(BUILD_CACHE_KEY, false)
                    .map(cache -> buildCache(cache, pushRepo.isEmpty() ? repoPrefix : pushRepo))
                    .orElse("");

            if (!problems.isEmpty()) {
                throw new RegistrySettingsException(problems);
            }
            RegistrySettings settings = new RegistrySettings(
                    true,
                    endpoint,
                    username,
                    password,
                    repoPrefix,
                    pushRepo,
                    pushSecretName,
                    insecure,
                    naming,
                    buildCache);
            String where = pushRepo.isEmpty()
                    ? repoPrefix
                    : pushRepo + " (one repository, tags <image>-<tag>"
                            + (repoPrefix.isEmpty() ? "" : "; " + REPO_PREFIX_KEY + " is ignored") + ")";
            if (settings.managesPushSecret()) {
                LOG.info(
                        "Custom images are pushed to {} (registry {}, user {}, push secret {}{})",
                        where,
                        endpoint,
                        username,
                        pushSecretName,
                        insecure ? ", TLS not verified" : "");
            } else {
                LOG.info(
                        "Custom images are pushed to {} with the push secret {} as it is: no registry credential is"
                                + " configured, so the controller neither writes nor changes it{}",
                        where,
                        pushSecretName,
                        insecure ? " (TLS not verified)" : "");
            }
            return settings;
        }

        private boolean isSet(String key) {
            return source.get(key).filter(v -> !v.isEmpty()).isPresent();
        }

        private Optional<String> value(String key, boolean required) {
            Optional<String> value = source.get(key).filter(v -> !v.isEmpty());
            if (value.isEmpty() && required) {
                problems.add(key + " is required when " + FEATURE_KEY + " is true, but it is not set"
                        + requiredBecause(key));
            }
            return value;
        }

        private static String requiredBecause(String key) {
            if (key.equals(REPO_PREFIX_KEY)) {
                return " (nor " + PUSH_REPO_KEY + ")";
            }
            if (key.equals(ENDPOINT_KEY) || key.equals(USERNAME_KEY) || key.equals(PASSWORD_KEY)) {
                return "; give " + ENDPOINT_KEY + ", " + USERNAME_KEY + " and " + PASSWORD_KEY
                        + " together, or none of them to push with an existing push secret as it is";
            }
            return "";
        }

        private Optional<Boolean> bool(String key) {
            Optional<String> value = value(key, false);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            String text = value.get().toLowerCase(Locale.ROOT);
            if (text.equals("true")) {
                return Optional.of(true);
            }
            if (text.equals("false")) {
                return Optional.of(false);
            }
            problems.add(key + ": " + shown(value.get()) + " is neither true nor false");
            return Optional.empty();
        }

        private RegistryEndpoint endpoint(String text) {
            try {
                return RegistryEndpoint.parse(text);
            } catch (IllegalArgumentException e) {
                // user:password@host holds a secret: name the problem, not the value.
                problems.add(ENDPOINT_KEY + ": " + (RegistryEndpoint.hasUserInfo(text) ? "" : shown(text) + " ")
                        + e.getMessage());
                return null;
            }
        }

        private String username(String text) {
            if (text.indexOf(':') >= 0) {
                problems.add(USERNAME_KEY + ": " + shown(text)
                        + " contains ':', which basic authentication cannot carry" + " in a user name");
            } else if (text.chars().anyMatch(Character::isISOControl)) {
                problems.add(USERNAME_KEY + " contains a control character");
            }
            return text;
        }

        /** A repository prefix or push repository: a repository name on the endpoint's registry. */
        private String repository(String key, String prefix, RegistryEndpoint endpoint) {
            Optional<String> problem = ImageReference.nameProblem(prefix);
            if (problem.isPresent()) {
                problems.add(key + ": " + shown(prefix) + " " + problem.get());
                return prefix;
            }
            if (endpoint != null) {
                String domain = ImageReference.parse(prefix).domain();
                if (!endpoint.servesDomain(domain)) {
                    problems.add(key + ": " + shown(prefix) + " " + mismatch(domain, endpoint));
                }
            }
            return prefix;
        }

        private static String mismatch(String prefixDomain, RegistryEndpoint endpoint) {
            String named = prefixDomain.isEmpty()
                    ? "names no registry, so images would go to Docker Hub"
                    : "names the registry " + prefixDomain;
            String fix = endpoint.isDockerHub()
                    ? "for Docker Hub use a prefix without a registry, such as \"myteam\""
                    : "start the prefix with \"" + endpoint.domain() + "/\"";
            return named + ", but " + ENDPOINT_KEY + " is " + endpoint.domain()
                    + ": the build would push where the credentials do not apply; " + fix;
        }

        /** {@code off}, or a repository on the registry that {@code pushedTo} (the prefix or push repository) names. */
        private String buildCache(String text, String pushedTo) {
            if (text.equalsIgnoreCase(RegistryTarget.CACHE_OFF)) {
                return RegistryTarget.CACHE_OFF;
            }
            if (ImageReference.nameProblem(pushedTo).isPresent()) {
                return text;
            }
            RegistryTarget.cacheProblem(text, ImageReference.parse(pushedTo).domain())
                    .ifPresent(problem -> problems.add(BUILD_CACHE_KEY + ": "
                            + problem.replace("\"" + text + "\"", shown(text)) + "; or \"off\" for no layer cache"));
            return text;
        }

        private ImageNaming naming(String text) {
            Optional<ImageNaming> naming = ImageNaming.fromWire(text);
            if (naming.isEmpty()) {
                problems.add(IMAGE_NAME_KEY + ": \"" + text + "\" is neither name (<prefix>/<name>, as PrimeHub"
                        + " names images) nor namespace-name (<prefix>/<namespace>-<name>)");
            }
            return naming.orElse(ImageNaming.NAME);
        }

        private String pushSecretName(String name) {
            if (!ObjectNames.isValidSubdomain(name)) {
                problems.add(PUSH_SECRET_NAME_KEY + ": " + shown(name) + " is not a valid Kubernetes object name"
                        + " (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit,"
                        + " at most " + ObjectNames.MAX_SUBDOMAIN_LENGTH + " characters)");
            }
            return name;
        }

        private boolean insecure(Optional<Boolean> setting, RegistryEndpoint endpoint) {
            boolean plainHttp = endpoint != null && endpoint.plainHttp();
            if (plainHttp && setting.isPresent() && !setting.get()) {
                problems.add(INSECURE_KEY + " is false, but " + ENDPOINT_KEY + " is " + endpoint
                        + ", which has no TLS; set it to true, or use https://");
            }
            return plainHttp || setting.orElse(false);
        }
    }
}
