package dev.coi.kernel.plugin;

/** Where a plugin came from. */
public enum PluginSource {
    /** Shipped with coi, on its class or module path. */
    BUNDLED,
    /** A PF4J plugin jar in the user's plugin folder. */
    INSTALLED,
    /** A tool declared in a TOML file of a tool folder. */
    DATA,
    /** A tool declared in a TOML file that comes with coi. */
    BUNDLED_DATA;

    /** The word {@code coi plugin list} shows. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
