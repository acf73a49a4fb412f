package dev.coi.kernel.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "coi", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = VersionProvider.class,
        description = "Runs AI coding assistants in isolated Incus system containers.")
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
