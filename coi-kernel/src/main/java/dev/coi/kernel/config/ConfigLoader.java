package dev.coi.kernel.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Loads the effective configuration. Sources, lowest precedence first: built-in defaults, the config files of
 * {@link ConfigEnvironment#configFiles()}, the chosen profile, environment variables, command-line flags. A source
 * that leaves a key out never changes it.
 */
public final class ConfigLoader {

    private final ConfigEnvironment environment;

    /**
     * Creates a loader.
     *
     * @param environment where to look for files, variables and the home directory
     */
    public ConfigLoader(ConfigEnvironment environment) {
        this.environment = environment;
    }

    /**
     * Loads without a profile or flags.
     *
     * @return the configuration and its warnings
     * @throws ConfigException when any file or value is unusable
     */
    public LoadedConfig load() throws ConfigException {
        return load(Optional.empty(), List.of());
    }

    /**
     * Loads the configuration.
     *
     * @param profile the profile chosen with {@code --profile}, if any
     * @param flags   the flags the user gave that set config keys
     * @return the configuration and its warnings
     * @throws ConfigException with every problem found, when any file or value is unusable or the profile is not
     *                         defined
     */
    public LoadedConfig load(Optional<String> profile, List<FlagOverride> flags) throws ConfigException {
        Problems problems = new Problems();
        List<Layer> layers = new ArrayList<>();
        layers.add(defaults());
        Map<String, Layer> profiles = new LinkedHashMap<>();
        List<Path> filesRead = new ArrayList<>();
        ConfigFileReader reader = new ConfigFileReader(environment.home());
        // A file named twice (say $COI_CONFIG pointing at the user file) is read once: its mounts must not double.
        for (Path file : new LinkedHashSet<>(environment.configFiles())) {
            if (Files.exists(file)) {
                ConfigFileReader.ConfigFile contents = reader.read(file, problems);
                layers.add(contents.layer());
                profiles.putAll(contents.profiles());
                filesRead.add(file);
            }
        }
        environment.explicitConfigFile().filter(Files::notExists).ifPresent(file -> problems.warn(
                "env " + ConfigEnvironment.CONFIG_VARIABLE, "the file " + file + " does not exist"));
        profile.ifPresent(name -> layers.add(profile(name, profiles, problems)));
        layers.add(fromEnvironment(problems));
        layers.add(fromFlags(flags, problems));
        problems.throwIfErrors();

        Map<ConfigKey<?>, Setting> effective = new LinkedHashMap<>();
        layers.forEach(layer -> layer.applyTo(effective));
        return new LoadedConfig(new CoiConfig(effective, profile), problems.warnings(), filesRead);
    }

    private Layer defaults() {
        Layer layer = new Layer();
        for (ConfigKey<?> key : ConfigSchema.KEYS) {
            layer.set(key, key.defaultValue().apply(environment.home()), "default");
        }
        return layer;
    }

    private static Layer profile(String name, Map<String, Layer> profiles, Problems problems) {
        Layer layer = profiles.get(name);
        if (layer == null) {
            problems.error("flag --profile", "profile \"" + name + "\" is not defined; " + (profiles.isEmpty()
                    ? "no config file defines a profile (add a [profiles." + name + "] table)"
                    : "defined profiles: " + String.join(", ", new TreeSet<>(profiles.keySet()))));
            return new Layer();
        }
        return layer;
    }

    private Layer fromEnvironment(Problems problems) {
        Layer layer = new Layer();
        for (ConfigKey<?> key : ConfigSchema.KEYS) {
            String text = key.envVariable() == null ? null : environment.variables().get(key.envVariable());
            if (text != null && !text.isEmpty()) {
                String origin = "env " + key.envVariable();
                setFromText(layer, key, text, origin, origin, problems);
            }
        }
        return layer;
    }

    private Layer fromFlags(List<FlagOverride> flags, Problems problems) {
        Layer layer = new Layer();
        for (FlagOverride flag : flags) {
            String origin = "flag " + flag.flag();
            setFromText(layer, ConfigSchema.find(flag.key()), flag.value(), origin, origin, problems);
        }
        return layer;
    }

    private <T> void setFromText(Layer layer, ConfigKey<T> key, String text, String origin, String location,
            Problems problems) {
        try {
            ValueContext context = new ValueContext(environment.home(), environment.workingDirectory());
            layer.set(key, key.type().fromText(text, context), origin);
        } catch (InvalidValueException e) {
            problems.error(location, key.name() + ": " + e.describe());
        }
    }
}
