package dev.coi.kernel.cli;

import dev.coi.kernel.base.BuildInfo;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.config.FlagOverride;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "coi", scope = ScopeType.INHERIT, versionProvider = VersionProvider.class,
        description = {
            "code-on-incus (coi): run AI coding assistants in isolated Incus containers.",
            "Each session runs an AI coding tool (see coi tool list for the one it runs) in a system container of its"
                + " own, with the workspace mounted at /workspace. Containers are ephemeral by default: deleted when"
                + " the session ends, while the workspace files and the saved session (for --resume) stay."
                + " --persistent keeps the container, with everything installed in it. Without a command, coi"
                + " starts a session as 'coi shell' does."})
final class CoiCommand extends KernelCommand implements ConfigChoosing {

    /** Every command's, as picocli's standard help option is; not the standard mixin, whose --version is too. */
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
            description = "Show this help message and exit.")
    boolean help;

    /** Only here: the version is coi's, and the reference tool has no --version on its commands either. */
    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean versionHelp;

    /**
     * PROFILE, not NAME: picocli's bash script keeps the values of a label in one variable per command, and inherited
     * here, NAME would replace those of {@code --tool NAME}.
     */
    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "PROFILE",
            completionCandidates = Candidates.ProfileNames.class,
            description = "Apply the named profile from the configuration.")
    String profile;

    /** Inherited as --profile is: {@code coi --remote big list} and {@code coi list --remote big} are the same. */
    @Option(names = "--remote", scope = ScopeType.INHERIT, paramLabel = "REMOTE",
            description = "Use this Incus remote of the incus command line (`incus remote list`) instead of the local"
                    + " daemon (default: incus.remote).")
    String remote;

    /**
     * The reference's {@code -v}, beside picocli's {@code -V}. Not a second version option, which picocli warns of on
     * every run, and only here, as in the reference: {@code coi health -v} is --verbose.
     */
    @Option(names = "-v", description = "The same as --version.")
    boolean version;

    @Mixin
    SessionOptions session;

    @Override
    public List<FlagOverride> configOverrides() {
        return session.overrides();
    }

    /** {@code coi} alone is {@code coi shell} without the flags only shell has (--debug, --background, --tmux). */
    @Override
    public Integer call() throws Exception {
        if (version) {
            context.output().data(BuildInfo.current().versionLine());
            return ExitCodes.OK;
        }
        return ShellCommand.start(context, session, false, false, true);
    }
}
