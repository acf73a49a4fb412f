package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A configuration that loaded, with what the user should hear about it.
 *
 * @param config    the effective configuration
 * @param warnings  unknown keys, legacy keys and the like, to print on stderr
 * @param filesRead the config files that existed and were read, in precedence order
 * @param workspaceWidening what {@code .coi.toml} in the working directory loosens, which needs the user's consent
 *                          before a container is made with this configuration; empty when it loosens nothing
 * @param profileNames the profiles the files define, any of which {@code --profile} may choose, sorted
 */
public record LoadedConfig(CoiConfig config, List<ConfigProblem> warnings, List<Path> filesRead,
        Optional<WorkspaceWidening> workspaceWidening, SortedSet<String> profileNames) {

    /** Copies the collections. */
    public LoadedConfig {
        warnings = List.copyOf(warnings);
        filesRead = List.copyOf(filesRead);
        profileNames = Collections.unmodifiableSortedSet(new TreeSet<>(profileNames));
    }
}
