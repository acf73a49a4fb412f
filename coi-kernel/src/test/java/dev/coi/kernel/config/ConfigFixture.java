package dev.coi.kernel.config;

import dev.coi.api.Extension;
import dev.coi.kernel.plugin.PluginLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A home, a working directory and an /etc under one temporary directory, and the files and variables in them. */
final class ConfigFixture {

    /** What the bundled plugins add, as in the distribution. */
    static final ExtensionSchema BUNDLED = ExtensionSchema.of(PluginLoader.bundled().extensions(Extension.class));

    final Path home;
    final Path work;
    final Path systemFile;
    final Path userFile;
    final Path projectFile;
    final Map<String, String> env = new HashMap<>();

    ConfigFixture(Path root) {
        home = root.resolve("home/user");
        work = root.resolve("work/project");
        systemFile = root.resolve("etc/coi/config.toml");
        userFile = home.resolve(".config/coi/config.toml");
        projectFile = work.resolve(".coi.toml");
        env.put("HOME", home.toString());
        try {
            Files.createDirectories(home);
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String toml) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ConfigEnvironment environment() {
        return new ConfigEnvironment(env, home, work, systemFile);
    }

    LoadedConfig load() throws ConfigException {
        return new ConfigLoader(environment(), BUNDLED).load();
    }

    LoadedConfig load(String profile, FlagOverride... flags) throws ConfigException {
        return new ConfigLoader(environment(), BUNDLED).load(Optional.ofNullable(profile), List.of(flags));
    }

    CoiConfig config() throws ConfigException {
        return load().config();
    }

    static String origin(CoiConfig config, String key) {
        return config.entry(key).orElseThrow().origin();
    }

    static Object value(CoiConfig config, String key) {
        return config.entry(key).orElseThrow().value();
    }
}
