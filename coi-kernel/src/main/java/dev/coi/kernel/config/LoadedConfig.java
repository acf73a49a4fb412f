package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A configuration that loaded, with what the user should hear about it.
 *
 * @param config    the effective configuration
 * @param warnings  unknown keys, legacy keys and the like, to print on stderr
 * @param filesRead the config files that existed and were read, in precedence order
 * @param workspaceWidening what {@code .coi.toml} in the working directory loosens, which needs the user's consent
 *                          before a container is made with this configuration; empty when it loosens nothing
 */
public record LoadedConfig(CoiConfig config, List<ConfigProblem> warnings, List<Path> filesRead,
        Optional<WorkspaceWidening> workspaceWidening) {

    /** Copies the lists. */
    public LoadedConfig {
        warnings = List.copyOf(warnings);
        filesRead = List.copyOf(filesRead);
    }
}
