package dev.coi.kernel.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "coi", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = VersionProvider.class,
        description = "Runs AI coding assistants in isolated Incus system containers.",
        subcommands = {
            VersionCommand.class,
            PluginCommand.class,
            ToolCommand.class,
            ConfigCommand.class,
            ContainerCommand.class,
            FileCommand.class,
            ImageCommand.class,
            BuildCommand.class,
            ShellCommand.class,
            RunCommand.class,
            ListCommand.class,
            InfoCommand.class,
            AttachCommand.class,
            PersistCommand.class,
            ShutdownCommand.class,
            KillCommand.class,
            CleanCommand.class,
            TmuxCommand.class,
            HealthCommand.class,
            SnapshotCommand.class,
            KeeperCommand.class,
            CompletionCommand.class,
            ManPagesCommand.class,
            picocli.CommandLine.HelpCommand.class
        })
final class CoiCommand extends KernelCommand {

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Apply the named profile from the configuration.")
    String profile;

    @Mixin
    SessionOptions session;

    /** {@code coi} alone is {@code coi shell} without the flags only shell has (--debug, --background, --tmux). */
    @Override
    public Integer call() throws Exception {
        return ShellCommand.start(context, session, false, false, true);
    }
}
