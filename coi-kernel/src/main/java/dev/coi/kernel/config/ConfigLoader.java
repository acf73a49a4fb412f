package dev.coi.kernel.config;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads the effective configuration. Sources, lowest precedence first: built-in defaults, the config files of
 * {@link ConfigEnvironment#configFiles()}, the chosen profile, environment variables, command-line flags. A source
 * that leaves a key out never changes it.
 */
public final class ConfigLoader {

    private final ConfigEnvironment environment;
    private final ExtensionSchema extensions;

    /**
     * Creates a loader of the kernel's keys and those the extensions add.
     *
     * @param environment where to look for files, variables and the home directory
     * @param extensions  what the loaded extensions add: their sections, host environments and tool defaults
     */
    public ConfigLoader(ConfigEnvironment environment, ExtensionSchema extensions) {
        this.environment = environment;
        this.extensions = extensions;
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
        extensions.warnings().forEach(warning -> problems.warn(warning.location(), warning.message()));
        List<ConfigSources.File> files = new ArrayList<>();
        ConfigFileReader reader = new ConfigFileReader(environment.home(), extensions);
        // A file named twice (say $COI_CONFIG pointing at the user file) is read once: its mounts must not double.
        for (Path file : new LinkedHashSet<>(environment.configFiles())) {
            if (isWorkspaceFile(file)) {
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(new ConfigSources.File(file, reader.readWorkspaceFile(file, problems)));
                }
            } else if (Files.exists(file)) {
                files.add(new ConfigSources.File(file, reader.read(file, problems)));
            }
        }
        environment.explicitConfigFile().filter(Files::notExists).ifPresent(file -> problems.warn(
                "env " + ConfigEnvironment.CONFIG_VARIABLE, "the file " + file + " does not exist"));
        ConfigSources sources = new ConfigSources(extensions, extensions.defaults(environment.home()), files,
                fromEnvironment(problems), fromFlags(flags, problems));
        profile.ifPresent(name -> requireProfile(name, sources.profileNames(Optional.empty()), problems));
        problems.throwIfErrors();

        CoiConfig config = new CoiConfig(sources.effective(profile, Optional.empty()), profile, extensions);
        return new LoadedConfig(config, problems.warnings(), files.stream().map(ConfigSources.File::path).toList(),
                workspaceWidening(sources, profile), new TreeSet<>(sources.profileNames(Optional.empty())));
    }

    /** What {@code .coi.toml} loosens, unless the user named that file in {@code $COI_CONFIG} and so owns it. */
    private Optional<WorkspaceWidening> workspaceWidening(ConfigSources sources, Optional<String> profile) {
        Path file = environment.projectConfigFile();
        if (!isWorkspaceFile(file)) {
            return Optional.empty();
        }
        return sources.file(file).flatMap(project -> WorkspaceWidenings.of(sources, project, profile));
    }

    /** Whether the file is {@code .coi.toml} of the working directory, which the user did not name in $COI_CONFIG. */
    private boolean isWorkspaceFile(Path file) {
        return file.equals(environment.projectConfigFile())
                && environment.explicitConfigFile().filter(file::equals).isEmpty();
    }

    private static void requireProfile(String name, Set<String> defined, Problems problems) {
        if (!defined.contains(name)) {
            problems.error("flag --profile", "profile \"" + name + "\" is not defined; " + (defined.isEmpty()
                    ? "no config file defines a profile (add a [profiles." + name + "] table)"
                    : "defined profiles: " + String.join(", ", new TreeSet<>(defined))));
        }
    }

    private Layer fromEnvironment(Problems problems) {
        Layer layer = new Layer();
        for (ConfigKey<?> key : ConfigSchema.KEYS) {
            String text = key.envVariable() == null ? null : environment.variables().get(key.envVariable());
            if (text != null && !text.isEmpty()) {
                String origin = "env " + key.envVariable();
                // the extensions may widen a kernel key's values (network.backend takes the backends' names)
                setFromText(layer, extensions.find(key.name()), text, origin, origin, problems);
            }
        }
        return layer;
    }

    private Layer fromFlags(List<FlagOverride> flags, Problems problems) {
        Layer layer = new Layer();
        for (FlagOverride flag : flags) {
            String origin = "flag " + flag.flag();
            ConfigKey<?> key = extensions.find(flag.key());
            if (key == null) {
                // a flag for a plugin's setting (--monitor) while that plugin is not loaded
                problems.error(origin, flag.flag() + " sets " + flag.key() + ", which no enabled plugin provides;"
                        + " 'coi plugin list' shows the plugins and whether they are enabled");
                continue;
            }
            setFromText(layer, key, flag.value(), origin, origin, problems);
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
