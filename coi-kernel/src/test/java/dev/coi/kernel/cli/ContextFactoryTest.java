package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Commands picocli makes before the command line is parsed get the context once it is, and later ones at once. */
class ContextFactoryTest {

    private final ContextFactory factory = new ContextFactory();
    private final StringWriter discarded = new StringWriter();
    private final CommandContext context = new CommandContext(null, new Output(new PrintWriter(discarded),
            new PrintWriter(discarded), false, false), new BufferedReader(new StringReader("")));

    @Test
    void commandsMadeBeforeTheHandOutGetTheContextThen() throws Exception {
        ListCommand command = factory.create(ListCommand.class);
        Candidates.ToolNames tools = factory.create(Candidates.ToolNames.class);
        assertNull(command.context, "no context exists before the command line is parsed");

        factory.handOut(context);

        assertSame(context, command.context);
        assertSame(context, tools.context);
    }

    @Test
    void commandsMadeAfterTheHandOutGetItAtOnce() throws Exception {
        factory.handOut(context);

        assertSame(context, factory.create(ShellCommand.class).context);
    }
}
