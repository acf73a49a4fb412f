package dev.coi.kernel.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads one TOML config file into a {@link Layer} and its {@code [profiles.NAME]} layers, reporting syntax errors,
 * bad values and unknown keys with their line and column.
 */
final class ConfigFileReader {

    /**
     * What one file holds.
     *
     * @param layer    the values it sets outside profiles
     * @param profiles its profiles by name, each as a layer
     * @param sha256   the SHA-256 of the bytes these layers were read from, in lowercase hex
     */
    record ConfigFile(Layer layer, Map<String, Layer> profiles, String sha256) {
    }

    private final Path home;
    private final ExtensionSchema schema;

    ConfigFileReader(Path home, ExtensionSchema schema) {
        this.home = home;
        this.schema = schema;
    }

    /** Reads the file; returns empty layers when it cannot be used, after recording why in {@code problems}. */
    ConfigFile read(Path file, Problems problems) {
        return read(file, problems, new OpenOption[0]);
    }

    /**
     * Reads a workspace's file as {@link #read} does, but only a regular file and never through a link: the AI tool
     * can replace it with a link to a host path it has learnt (another project's config, with its tokens), or with
     * a FIFO that no one ever writes to.
     */
    ConfigFile readWorkspaceFile(Path file, Problems problems) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            problems.error(file.toString(), (Files.isSymbolicLink(file) ? "is a symbolic link" : "is not a regular file")
                    + "; coi reads a workspace's .coi.toml only as a file of its own, because the AI tool can put"
                    + " a link there that leads to a file of the host. Put a copy of the file there instead, or name"
                    + " it in $" + ConfigEnvironment.CONFIG_VARIABLE + " to use it as it is");
            return new ConfigFile(new Layer(), Map.of(), "");
        }
        // the link the check above did not see, had one been put there since, makes the open fail
        return read(file, problems, LinkOption.NOFOLLOW_LINKS);
    }

    private ConfigFile read(Path file, Problems problems, OpenOption... options) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, options)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            problems.error(file.toString(), "cannot read the file: " + e.getMessage());
            return new ConfigFile(new Layer(), Map.of(), "");
        }
        // parsed from the bytes that were hashed, so that a consent given for a hash covers what was used
        String sha256 = sha256(bytes);
        TomlParseResult toml;
        try {
            toml = Toml.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (StackOverflowError e) {
            // the parser recurses once per nesting level; .coi.toml is the AI tool's to write, and one that nests
            // thousands of arrays deep must make a clear error, not end every coi command with a stack trace
            problems.error(file.toString(), "TOML nested too deeply to read (arrays or inline tables within each"
                    + " other); flatten it");
            return new ConfigFile(new Layer(), Map.of(), sha256);
        }
        if (toml.hasErrors()) {
            for (TomlParseError error : toml.errors()) {
                problems.error(Problems.location(file, error.position()), "TOML syntax error: " + error.getMessage());
            }
            return new ConfigFile(new Layer(), Map.of(), sha256);
        }
        Layer layer = new Layer();
        Map<String, Layer> profiles = new LinkedHashMap<>();
        Walk root = new Walk(schema, file, problems, new ValueContext(home, file.toAbsolutePath().getParent()), "",
                file.toString(), layer, profiles);
        root.table(toml, "");
        return new ConfigFile(layer, profiles, sha256);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * One pass over the top level or over one profile's table.
     *
     * @param displayPrefix what goes before a key in messages: "" or {@code profiles.NAME.}
     * @param profiles      where profiles go; null inside a profile, where {@code profiles} is not a key
     */
    private record Walk(ExtensionSchema schema, Path file, Problems problems, ValueContext context, String displayPrefix, String origin,
            Layer layer, Map<String, Layer> profiles) {

        void table(TomlTable table, String prefix) {
            for (String key : TomlTables.keysInOrder(table)) {
                entry(prefix.isEmpty() ? key : prefix + "." + key, table.get(List.of(key)),
                        TomlTables.position(table, key));
            }
        }

        private void entry(String name, Object value, TomlPosition position) {
            String shown = displayPrefix + name;
            String location = Problems.location(file, position);
            ConfigKey<?> key = schema.find(inProfile() ? profileKey(name) : name);
            if (key != null) {
                value(key, value, shown, position);
            } else if (ConfigSchema.LEGACY_KEYS.containsKey(name)) {
                problems.warn(location, shown + " is a legacy key and " + ConfigSchema.LEGACY_KEYS.get(name)
                        + "; remove it");
            } else if (!inProfile() && name.equals("profiles")) {
                profiles(value, location);
            } else if ((schema.isSection(name) || ConfigSchema.isToolSection(name))
                    && value instanceof TomlTable section) {
                table(section, name);
            } else if (schema.isSection(name)) {
                problems.error(location, shown + ": got " + GivenValue.describe(value) + ", expected a table like ["
                        + shown + "]");
            } else {
                problems.warn(location, "unknown key " + shown + suggestion(name));
            }
        }

        private boolean inProfile() {
            return profiles == null;
        }

        /** In a profile, a bare {@code image}, {@code persistent}, ... is short for {@code defaults.image}, ... */
        private static String profileKey(String name) {
            return !name.contains(".") && ConfigSchema.find("defaults." + name) != null ? "defaults." + name : name;
        }

        private <T> void value(ConfigKey<T> key, Object raw, String shown, TomlPosition position) {
            try {
                layer.set(key, key.type().fromToml(raw, context), origin);
            } catch (InvalidValueException e) {
                TomlPosition where = e.position() != null ? e.position() : position;
                problems.error(Problems.location(file, where), shown + e.keySuffix() + ": " + e.describe());
            }
        }

        private void profiles(Object value, String location) {
            if (!(value instanceof TomlTable table)) {
                problems.error(location, "profiles: got " + GivenValue.describe(value)
                        + ", expected tables like [profiles.rust]");
                return;
            }
            for (String name : TomlTables.keysInOrder(table)) {
                Object body = table.get(List.of(name));
                String shown = "profiles." + name;
                if (body instanceof TomlTable profileTable) {
                    Layer profile = new Layer();
                    new Walk(schema, file, problems, context, shown + ".", "profile " + name + " (from " + file + ")",
                            profile, null).table(profileTable, "");
                    profiles.put(name, profile);
                } else {
                    problems.error(Problems.location(file, TomlTables.position(table, name)),
                            shown + ": got " + GivenValue.describe(body) + ", expected a table like [" + shown + "]");
                }
            }
        }

        private String suggestion(String name) {
            Set<String> candidates = new LinkedHashSet<>(schema.names());
            if (inProfile()) {
                for (ConfigKey<?> key : ConfigSchema.KEYS) {
                    if (key.section().equals("defaults")) {
                        candidates.add(key.leaf());
                    }
                }
            } else {
                candidates.add("profiles");
            }
            return KeySuggestions.closest(name, candidates)
                    .map(candidate -> " (did you mean " + displayPrefix + candidate + "?)")
                    .orElse("");
        }
    }
}
