package dev.coi.kernel.plugin;

import dev.coi.api.CoiApi;
import dev.coi.kernel.base.CoiException;
import org.pf4j.DefaultVersionManager;

/**
 * A plugin's {@code Plugin-Requires}: a SemVer expression over coi-api versions ({@code >=0.1.0 & <0.2.0},
 * {@code ^1.2.0}, {@code 0.1.*}), evaluated by PF4J exactly as when plugins are loaded at start-up.
 */
final class ApiRequirement {

    /** The range a plugin built against this coi-api should declare: this version up to the next breaking one. */
    static final String CURRENT_RANGE = ">=" + CoiApi.VERSION + " & <" + nextBreaking(CoiApi.VERSION);

    private static final DefaultVersionManager VERSIONS = new DefaultVersionManager();

    private ApiRequirement() {
    }

    /** Whether this coi's API satisfies the expression; an expression that cannot be read is not satisfied. */
    static boolean satisfied(String requires) {
        try {
            return VERSIONS.checkVersionConstraint(CoiApi.VERSION, requires);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** @throws CoiException (failure) when the expression cannot be read or this coi-api is outside it */
    static void check(String where, String requires) {
        if ("*".equals(requires.strip())) {
            throw PluginManifest.rejected(where, PluginManifest.REQUIRES + " \"*\" accepts every coi-api, also ones"
                    + " that break the plugin; declare the versions it was built for, e.g. " + CURRENT_RANGE);
        }
        try {
            VERSIONS.checkVersionConstraint(CoiApi.VERSION, requires);
        } catch (RuntimeException e) {
            throw PluginManifest.rejected(where, PluginManifest.REQUIRES + " \"" + requires
                    + "\" is not a SemVer expression (e.g. " + CURRENT_RANGE + ")");
        }
        if (!satisfied(requires)) {
            throw PluginManifest.rejected(where, "it needs coi-api " + requires + ", this coi provides "
                    + CoiApi.VERSION + "; install a version of the plugin built for coi-api " + CoiApi.VERSION);
        }
    }

    /** Before 1.0 a new minor version may break plugins, from 1.0 on only a new major one. */
    static String nextBreaking(String version) {
        String[] parts = version.split("[.+-]");
        int major = Integer.parseInt(parts[0]);
        return major == 0 ? "0." + (Integer.parseInt(parts[1]) + 1) + ".0" : (major + 1) + ".0.0";
    }
}
