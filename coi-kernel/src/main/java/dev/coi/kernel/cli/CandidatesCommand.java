package dev.coi.kernel.cli;

import dev.coi.api.Extension;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.config.ConfigLoader;
import dev.coi.kernel.config.ExtensionSchema;
import dev.coi.kernel.plugin.PluginLoader;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The values completion offers that depend on the folder it happens in, one a line: the completion scripts call it
 * as a name is completed ({@link Candidates.Live}), people do not, hence hidden.
 */
@Command(name = CandidatesCommand.NAME, hidden = true,
        description = "Print what completion offers for KIND, one a line (the completion scripts call it).")
final class CandidatesCommand extends KernelCommand implements ServedByResident {

    static final String NAME = "candidates";
    static final String PROFILES = "profiles";

    /**
     * A profile name completion may offer: a TOML bare key ({@code [profiles.NAME]} without quotes) not starting
     * with a dash. {@code .coi.toml} comes from the workspace, where the AI tool writes, and bash's {@code compgen -W}
     * expands what it offers ({@code $(...)} included), so a quoted name could run a command on the host as the
     * user presses Tab; nor may it bring escape sequences to the terminal. Other names still work when typed.
     */
    private static final Pattern OFFERED_PROFILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

    @Parameters(paramLabel = "KIND", description = PROFILES)
    private String kind;

    @Override
    public Integer call() {
        if (!kind.equals(PROFILES)) {
            throw CoiException.usage("unknown kind '" + kind + "': must be " + PROFILES);
        }
        profileNames().stream().filter(name -> OFFERED_PROFILE.matcher(name).matches())
                .forEach(context.output()::data);
        return ExitCodes.OK;
    }

    /**
     * The profiles of the configuration the commands would load here, read by the same loader; none when it does
     * not load. Completion stays quiet: what is wrong is told by the command the user then runs, not under the
     * line being typed. Only the bundled plugins' keys are known here, which runs no third-party code: an installed
     * plugin's keys are then unknown, which is a warning, not a failure to load.
     */
    private Set<String> profileNames() {
        try {
            return new ConfigLoader(context.kernel().environment(),
                    ExtensionSchema.of(PluginLoader.bundled().extensions(Extension.class))).load().profileNames();
        } catch (ConfigException e) {
            return Set.of();
        }
    }
}
