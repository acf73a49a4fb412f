package dev.coi.kernel.cli;

import dev.coi.kernel.config.FlagOverride;
import java.util.List;

/**
 * A command whose flags set config keys ({@code --limit-*}, {@code --tool}). They are read once the command line is
 * parsed and before the command runs, and the kernel is made with them.
 */
interface ConfigChoosing {

    /** The config keys the flags the user gave set. */
    List<FlagOverride> configOverrides();
}
