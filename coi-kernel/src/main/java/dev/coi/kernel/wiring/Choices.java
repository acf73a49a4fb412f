package dev.coi.kernel.wiring;

import dev.coi.kernel.config.FlagOverride;
import java.util.List;
import java.util.Optional;

/**
 * What the command line decides about the configuration, read from it before any service exists: a {@link Kernel}
 * is made with its choices and loads the configuration with them, so no service can see a configuration made
 * without them.
 *
 * @param profile the profile named by {@code --profile}, if any
 * @param flags the config keys the user's flags set ({@code --limit-*}, {@code --tool}); only flags actually given
 */
public record Choices(Optional<String> profile, List<FlagOverride> flags) {

    /** No profile and no flags, as for a kernel outside the command line. */
    public static final Choices NONE = new Choices(Optional.empty(), List.of());

    public Choices {
        flags = List.copyOf(flags);
    }
}
