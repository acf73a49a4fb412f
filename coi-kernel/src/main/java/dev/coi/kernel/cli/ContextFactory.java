package dev.coi.kernel.cli;

import picocli.CommandLine;

/** Creates command objects for picocli, handing the {@link CommandContext} to those that take it. */
final class ContextFactory implements CommandLine.IFactory {

    private final CommandContext context;

    ContextFactory(CommandContext context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            return type.getDeclaredConstructor(CommandContext.class).newInstance(context);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(type);
        }
    }
}
