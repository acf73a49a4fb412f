package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A configuration that loaded, with what the user should hear about it.
 *
 * @param config    the effective configuration
 * @param warnings  unknown keys, legacy keys and the like, to print on stderr
 * @param filesRead the config files that existed and were read, in precedence order
 */
public record LoadedConfig(CoiConfig config, List<ConfigProblem> warnings, List<Path> filesRead) {

    /** Copies the lists. */
    public LoadedConfig {
        warnings = List.copyOf(warnings);
        filesRead = List.copyOf(filesRead);
    }
}
