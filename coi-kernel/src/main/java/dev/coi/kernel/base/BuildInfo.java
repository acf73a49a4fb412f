package dev.coi.kernel.base;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and commit coi was built from, written into {@code build.properties} by the build.
 *
 * @param version the release version
 * @param commit the abbreviated git commit, with {@code -dirty} when built from uncommitted changes;
 *               {@code unknown} when built outside a git checkout
 */
public record BuildInfo(String version, String commit) {

    public static BuildInfo current() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build.properties", e);
        }
        String version = resolved(properties.getProperty("version"), "dev");
        String commit = resolved(properties.getProperty("commit"), "unknown");
        if ("true".equals(properties.getProperty("dirty")) && !commit.equals("unknown")) {
            commit += "-dirty";
        }
        return new BuildInfo(version, commit);
    }

    /** What {@code coi --version} prints: {@code coi version <version> (commit <commit>)}, as the reference does. */
    public String versionLine() {
        return "coi version " + version + " (commit " + commit + ")";
    }

    /** A property the build could not fill in still holds its {@code ${...}} placeholder. */
    private static String resolved(String value, String fallback) {
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
    }
}
