package dev.coi.kernel.cli;

import dev.coi.kernel.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "coi", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = VersionProvider.class,
        description = "Runs AI coding assistants in isolated Incus system containers.",
        subcommands = {
            VersionCommand.class,
            PluginCommand.class,
            ConfigCommand.class,
            ContainerCommand.class,
            FileCommand.class,
            ImageCommand.class,
            BuildCommand.class,
            ListCommand.class,
            InfoCommand.class,
            AttachCommand.class,
            PersistCommand.class,
            ShutdownCommand.class,
            KillCommand.class,
            CleanCommand.class,
            TmuxCommand.class,
            picocli.CommandLine.HelpCommand.class
        })
final class CoiCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Apply the named profile from the configuration.")
    String profile;

    /** {@code coi shell} does not exist yet, so {@code coi} alone shows what does. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
