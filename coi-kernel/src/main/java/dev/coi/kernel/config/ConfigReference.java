package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration keys as documentation, made from the schema so that it cannot drift from it: the table of
 * {@code docs/configuration-keys.md} and the environment variables that set keys, for the man page.
 */
public final class ConfigReference {

    /** Where the defaults under the home directory are shown to be. */
    private static final Path HOME = Path.of("~");

    private ConfigReference() {
    }

    /**
     * The page {@code docs/configuration-keys.md}: one row per key, in the order {@code coi config show} has, with
     * the defaults a user of these extensions gets (those of the default tool among them).
     *
     * @param extensions what the extensions of the distribution add
     */
    public static String markdown(ExtensionSchema extensions) {
        StringBuilder page = new StringBuilder("""
                # Configuration keys

                <!-- Made from the configuration schema (ConfigSchema.java) and what the bundled plugins declare by
                     ConfigReference; ConfigReferenceTest fails when this file is not what it makes, and says how to
                     bring it up to date. -->

                coi reads, lowest precedence first: `/etc/coi/config.toml`, `~/.config/coi/config.toml`
                (`$XDG_CONFIG_HOME/coi/config.toml`), the workspace's `.coi.toml`, the file named in `$COI_CONFIG`, the
                `[profiles.NAME]` section chosen with `--profile NAME`, the environment variables below, and the
                command-line flags. `coi config show` prints every key with the value in effect and where it comes
                from (`--format json` for scripts). A key coi does not know is an error that names the closest one.
                The defaults are those of the distribution: the AI tool sessions run adds the destinations it needs
                to `network.allowed_domains` and names `defaults.model`, and plugins add values of `host.environment`
                and sections of their own ([plugins](plugins.md#your-plugins-configuration)).

                | Key | Default | Environment variable | Value | What it does |
                | --- | --- | --- | --- | --- |
                """);
        Map<ConfigKey<?>, Setting> defaults = new LinkedHashMap<>();
        extensions.defaults(HOME).applyTo(defaults);
        extensions.forTool((String) defaults.get(ConfigSchema.TOOL_NAME).value()).applyTo(defaults);
        List<ConfigKey<?>> keys = new ArrayList<>();
        ConfigSchema.KEYS.forEach(key -> keys.add(extensions.find(key.name())));
        keys.addAll(extensions.keys());
        for (ConfigKey<?> key : keys) {
            page.append("| `").append(key.name()).append("` | ").append(defaultValue(key, defaults.get(key).value()))
                    .append(" | ").append(key.envVariable() == null ? "" : "`" + key.envVariable() + "`").append(" | ")
                    .append(cell(key.type().expected())).append(" | ").append(cell(key.description())).append(" |\n");
        }
        // one key per tool, known only when a file names it
        page.append("| `tool.NAME.env` | `[]` |  | ").append(cell(ValueTypes.environmentNames().expected()))
                .append(" | host environment variables passed to the tool NAME when they are set (e.g. its API key) |\n");
        return page.toString();
    }

    /** The environment variables that set a key, each with that key, e.g. {@code COI_LIMIT_CPU}. */
    public static Map<String, String> environmentVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        ConfigSchema.KEYS.stream().filter(key -> key.envVariable() != null)
                .forEach(key -> variables.put(key.envVariable(), key.name()));
        return variables;
    }

    private static String defaultValue(ConfigKey<?> key, Object value) {
        Object shown = value == null ? null : displayed(key, value);
        return shown == null ? "unset" : "`" + cell(ConfigRenderer.tomlValue(shown)) + "`";
    }

    // Safe: the value is the key's default, of the key's type.
    @SuppressWarnings("unchecked")
    private static <T> Object displayed(ConfigKey<T> key, Object value) {
        return key.type().display((T) value);
    }

    /** Text that cannot end the table's cell or row. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
