package io.primehub.imagebuilder.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build is: the project's version and the commit it was built from, written into {@value #RESOURCE} when
 * the app module is built. A source tree without Git history builds too: its commit is {@code unknown}.
 *
 * @param version the project's version, such as {@code 0.1.0-SNAPSHOT}
 * @param commit  the first 12 hex digits of the commit, or {@code unknown}
 * @param dirty   whether the working tree had changes that the commit does not hold
 */
public record BuildInfo(String version, String commit, boolean dirty) {

    static final String RESOURCE = "io/primehub/imagebuilder/app/config/build-info.properties";
    private static final BuildInfo CURRENT = load();

    /** This build's. */
    public static BuildInfo current() {
        return CURRENT;
    }

    /** {@code 0.1.0-SNAPSHOT (commit 0123456789ab)}, with {@code , with uncommitted changes} when dirty. */
    public String describe() {
        return version + " (commit " + commit + (dirty ? ", with uncommitted changes" : "") + ")";
    }

    static BuildInfo of(Properties properties) {
        return new BuildInfo(
                filled(properties.getProperty("version")),
                filled(properties.getProperty("commit")),
                "true".equals(properties.getProperty("dirty")));
    }

    private static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return of(properties);
    }

    /** The value, or {@code unknown} for none or a placeholder that the build did not fill. */
    private static String filled(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.trim();
    }
}
