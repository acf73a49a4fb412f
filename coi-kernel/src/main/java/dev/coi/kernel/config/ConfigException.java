package dev.coi.kernel.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration cannot be used. Carries every error found, so they can be shown at once, and the warnings
 * found on the way, since an unknown key is often the cause of an error elsewhere.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;
    private final transient List<ConfigProblem> warnings;

    /**
     * Creates the exception.
     *
     * @param problems at least one error
     * @param warnings the warnings, possibly none
     */
    public ConfigException(List<ConfigProblem> problems, List<ConfigProblem> warnings) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * The errors, in the order they were found (files in precedence order, top to bottom, then env and flags).
     *
     * @return never empty
     */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /**
     * The warnings found while loading.
     *
     * @return possibly empty
     */
    public List<ConfigProblem> warnings() {
        return warnings;
    }
}
