package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SubcommandsTest {

    @Test
    void everyNameIsTheOneItsCommandDeclares() {
        Subcommands.byName().forEach((name, command) ->
                assertEquals(name, command.getAnnotation(CommandLine.Command.class).name(), command::getName));
    }

    @Test
    void aNamedCommandGetsOnlyItself() {
        assertEquals(List.of("list"), added("list", "--format", "json"));
        assertEquals(List.of("container"), added("container", "exec", "c1", "--", "true"));
    }

    @Test
    void everythingElseGetsAll() {
        List<String> all = List.copyOf(Subcommands.byName().keySet());
        assertEquals(all, added());
        assertEquals(all, added("--help"));
        assertEquals(all, added("help", "list"));
        assertEquals(all, added("completion", "bash"));
        assertEquals(all, added("--profile", "rust", "list"));
        assertEquals(all, added("--version", "list"));
        assertEquals(all, added("lsit"));
    }

    @Test
    void aCommandAddedAloneIsBuiltAsWhenAllAreAdded() {
        CommandLine alone = root("snapshot");
        CommandLine all = root();
        Map<String, CommandLine> nested = all.getSubcommands().get("snapshot").getSubcommands();

        assertEquals(nested.keySet(), alone.getSubcommands().get("snapshot").getSubcommands().keySet());
        assertEquals(all.getSubcommands().get("snapshot").getUsageMessage(CommandLine.Help.Ansi.OFF),
                alone.getSubcommands().get("snapshot").getUsageMessage(CommandLine.Help.Ansi.OFF));
    }

    private static List<String> added(String... args) {
        return List.copyOf(root(args).getSubcommands().keySet());
    }

    private static CommandLine root(String... args) {
        CommandLine coi = new CommandLine(CoiCommand.class);
        Subcommands.addTo(coi, args);
        return coi;
    }
}
