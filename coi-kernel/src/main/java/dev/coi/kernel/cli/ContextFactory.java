package dev.coi.kernel.cli;

import picocli.CommandLine;

/**
 * Creates command objects for picocli and hands the {@link CommandContext} to those that work with the kernel, and to
 * the completion candidates that ask it.
 */
final class ContextFactory implements CommandLine.IFactory {

    private final CommandContext context;

    ContextFactory(CommandContext context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        K created = CommandLine.defaultFactory().create(type);
        if (created instanceof KernelCommand command) {
            command.context = context;
        }
        if (created instanceof Candidates.ToolNames tools) {
            tools.context = context;
        }
        return created;
    }
}
