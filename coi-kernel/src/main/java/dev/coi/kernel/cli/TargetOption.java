package dev.coi.kernel.cli;

import dev.coi.kernel.config.FlagOverride;
import java.util.Optional;

/** {@code --target MEMBER} of the commands that create a container: the cluster member it is created on. */
final class TargetOption {

    static final String DESCRIPTION = "Create the container on this member of an Incus cluster (`incus cluster list`);"
            + " default: incus.target, else the member the cluster's scheduler picks.";

    private TargetOption() {
    }

    /** The flag as the config key it sets, when given. */
    static Optional<FlagOverride> override(String target) {
        return Optional.ofNullable(target).map(member -> new FlagOverride("incus.target", member, "--target"));
    }
}
