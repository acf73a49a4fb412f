package dev.coi.kernel.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Creates command objects for picocli and hands the {@link CommandContext} to those that work with the kernel, and to
 * the completion candidates that ask it. Picocli creates them before it parses the command line, and the context
 * exists only after (its kernel is made with what the command line chose), so they get it when it is handed out.
 */
final class ContextFactory implements CommandLine.IFactory {

    private final List<Object> waiting = new ArrayList<>();
    private CommandContext context;

    @Override
    public <K> K create(Class<K> type) throws Exception {
        K created = CommandLine.defaultFactory().create(type);
        if (created instanceof KernelCommand || created instanceof Candidates.ToolNames) {
            if (context == null) {
                waiting.add(created);
            } else {
                give(created);
            }
        }
        return created;
    }

    /** Hands the context of the parsed command line to every command object made so far and after. */
    void handOut(CommandContext given) {
        context = given;
        waiting.forEach(this::give);
        waiting.clear();
    }

    private void give(Object created) {
        if (created instanceof KernelCommand command) {
            command.context = context;
        }
        if (created instanceof Candidates.ToolNames tools) {
            tools.context = context;
        }
    }
}
