package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every source of one load, kept apart so that the configuration can also be worked out without one of the files:
 * that is how {@link WorkspaceWidenings} sees what {@code .coi.toml} changes.
 *
 * @param schema      the keys and defaults the extensions add
 * @param defaults    the built-in defaults
 * @param files       the config files that exist, lowest precedence first
 * @param environment what environment variables set
 * @param flags       what command-line flags set
 */
record ConfigSources(ExtensionSchema schema, Layer defaults, List<File> files, Layer environment, Layer flags) {

    /**
     * One config file that was read.
     *
     * @param path     where it is
     * @param contents its values and profiles
     */
    record File(Path path, ConfigFileReader.ConfigFile contents) {
    }

    ConfigSources {
        files = List.copyOf(files);
    }

    Optional<File> file(Path path) {
        return files.stream().filter(file -> file.path().equals(path)).findFirst();
    }

    /** The profiles the files define, those of {@code left} left out. */
    Set<String> profileNames(Optional<Path> left) {
        Set<String> names = new LinkedHashSet<>();
        used(left).forEach(file -> names.addAll(file.contents().profiles().keySet()));
        return names;
    }

    /**
     * The settings every key ends up with.
     *
     * @param profile the profile applied; a later file's definition replaces an earlier one whole, and a profile
     *                that only the left-out file defines is not applied
     * @param left    a file to leave out, with its profiles, or empty to use them all
     */
    Map<ConfigKey<?>, Setting> effective(Optional<String> profile, Optional<Path> left) {
        List<Layer> layers = given(profile, left);
        // the tool's defaults (its allowed domains, its model) lie right over the built-in ones, so any source wins
        String tool = (String) merged(List.of(defaults), layers).get(ConfigSchema.TOOL_NAME).value();
        return merged(List.of(defaults, schema.forTool(tool)), layers);
    }

    /** What the files, the profile, the environment and the flags set, lowest precedence first. */
    private List<Layer> given(Optional<String> profile, Optional<Path> left) {
        List<Layer> layers = new ArrayList<>();
        Map<String, Layer> profiles = new LinkedHashMap<>();
        for (File file : used(left)) {
            layers.add(file.contents().layer());
            profiles.putAll(file.contents().profiles());
        }
        profile.map(profiles::get).ifPresent(layers::add);
        layers.add(environment);
        layers.add(flags);
        return layers;
    }

    private static Map<ConfigKey<?>, Setting> merged(List<Layer> below, List<Layer> above) {
        Map<ConfigKey<?>, Setting> effective = new LinkedHashMap<>();
        below.forEach(layer -> layer.applyTo(effective));
        above.forEach(layer -> layer.applyTo(effective));
        return effective;
    }

    private List<File> used(Optional<Path> left) {
        return files.stream().filter(file -> left.filter(file.path()::equals).isEmpty()).toList();
    }
}
