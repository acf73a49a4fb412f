package dev.coi.kernel.plugin;

import dev.coi.api.CoiApi;
import dev.coi.kernel.base.CoiException;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * What a third-party plugin jar says about itself in {@code META-INF/MANIFEST.MF}: PF4J's attributes, all three
 * required by {@code coi plugin install}.
 *
 * @param id {@code Plugin-Id}, lower case with dashes
 * @param version {@code Plugin-Version}
 * @param requires {@code Plugin-Requires}, the coi-api versions the plugin works with (see {@link ApiRequirement})
 */
public record PluginManifest(String id, String version, String requires) {

    static final String ID = "Plugin-Id";
    static final String VERSION = "Plugin-Version";
    static final String REQUIRES = "Plugin-Requires";

    private static final Pattern ID_SHAPE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern VERSION_SHAPE = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]*");
    private static final int MAX_ID_LENGTH = 64;

    /**
     * Reads and checks the attributes.
     *
     * @param where the jar, for messages
     * @throws CoiException (failure) naming the attribute that is missing or wrong and the value it needs
     */
    static PluginManifest read(String where, Manifest manifest) {
        Attributes main = manifest.getMainAttributes();
        String id = required(where, main, ID, "e.g. " + ID + ": hello-check");
        if (id.length() > MAX_ID_LENGTH || !ID_SHAPE.matcher(id).matches()) {
            throw rejected(where, ID + " \"" + id + "\" must be lower case letters and digits separated by single dashes,"
                    + " at most " + MAX_ID_LENGTH + " characters (e.g. hello-check)");
        }
        String version = required(where, main, VERSION, "e.g. " + VERSION + ": 1.0.0");
        if (!VERSION_SHAPE.matcher(version).matches()) {
            throw rejected(where, VERSION + " \"" + version + "\" is not a version (e.g. 1.0.0)");
        }
        String requires = required(where, main, REQUIRES, "the coi-api versions it works with, e.g. "
                + REQUIRES + ": " + ApiRequirement.CURRENT_RANGE);
        ApiRequirement.check(where, requires);
        return new PluginManifest(id, version, requires);
    }

    private static String required(String where, Attributes main, String name, String example) {
        return Optional.ofNullable(main.getValue(name)).map(String::strip).filter(value -> !value.isEmpty())
                .orElseThrow(() -> rejected(where, "its manifest has no " + name + " (" + example
                        + "); see docs/plugins.md for the attributes a coi plugin needs; this coi provides coi-api "
                        + CoiApi.VERSION));
    }

    static CoiException rejected(String where, String why) {
        return CoiException.failure(where + " is not an installable coi plugin: " + why + "; nothing was installed");
    }
}
