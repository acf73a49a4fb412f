package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The help that leads a newcomer: the everyday commands first, summaries that are whole sentences on one line of
 * the list, the limit flags apart, --version only where it means something, examples under the main commands.
 */
class HelpGuideTest {

    /** An 80-column terminal, less the indent and the name column of a command list. */
    private static final int SUMMARY_WIDTH = 80 - 2 - HelpLayout.NAME_WIDTH - 1;
    private static final Pattern SECOND_SENTENCE = Pattern.compile("[.;:] [A-Z]");

    @TempDir
    Path home;

    private String help(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.add("--help");
        CliRun run = CliRun.of(home, Map.of("INCUS_SOCKET", home.resolve("no-incus.socket").toString()),
                args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::toString);
        return run.out();
    }

    @Test
    void rootHelpListsTheEverydayCommandsFirstThenTheRestInGroups() {
        String out = help();
        List<String> lines = out.substring(out.indexOf("\nAvailable Commands:\n")).lines().skip(2).toList();

        assertEquals(List.of("shell", "run", "attach", "list", "shutdown"),
                lines.subList(0, 5).stream().map(line -> line.strip().split(" ")[0]).toList(), out);
        List<String> headings = lines.stream().takeWhile(line -> !line.isEmpty())
                .filter(line -> !line.startsWith(" ")).toList();
        assertEquals(List.of("Sessions:", "Containers and files:", "Images:", "Setup and diagnostics:"), headings,
                out);
    }

    @Test
    void everyCommandSummaryIsOneWholeSentenceThatFitsOnItsLine() {
        CommandLine coi = new CommandLine(CoiCommand.class);
        Subcommands.addTo(coi);

        for (CommandSpec command : CommandTree.all(coi.getCommandSpec())) {
            String summary = CommandTree.summary(command.usageMessage().description());
            String name = command.qualifiedName();
            assertTrue(summary.endsWith("."), () -> name + ": " + summary);
            assertFalse(SECOND_SENTENCE.matcher(summary).find(), () -> name + " has more than a sentence: " + summary);
            if (command.parent() != null) {
                assertTrue(summary.length() <= SUMMARY_WIDTH, () -> name + " is longer than " + SUMMARY_WIDTH
                        + " characters, and a terminal would cut it: " + summary);
            }
        }
    }

    @Test
    void commandListsAreNotWrapped() {
        for (String[] command : List.of(new String[0], new String[] {"snapshot"}, new String[] {"container"})) {
            String out = help(command);
            String list = out.substring(out.indexOf("\nAvailable Commands:\n"));
            list = list.substring(0, list.indexOf("\n\n", 1));

            assertTrue(list.lines().skip(2).allMatch(line -> !line.startsWith("   ") && line.length() <= 80), out);
        }
    }

    @Test
    void theLimitFlagsHaveASectionOfTheirOwn() {
        for (String[] command : List.of(new String[0], new String[] {"shell"}, new String[] {"run"})) {
            String out = help(command);
            String flags = section(out, "Flags:");
            String limits = section(out, "Limit Flags:");

            assertFalse(flags.contains("--limit-"), out);
            for (String flag : List.of("--limit-cpu=", "--limit-cpu-allowance=", "--limit-memory=",
                    "--limit-memory-swap=", "--limit-disk-read=", "--limit-disk-write=", "--limit-duration=",
                    "--limit-processes=")) {
                assertTrue(limits.contains(flag), () -> flag + " is not under Limit Flags:\n" + out);
            }
            assertTrue(out.indexOf("\nFlags:\n") < out.indexOf("\nLimit Flags:\n"), out);
        }
    }

    @Test
    void onlyTheRootHasAVersionFlag() {
        assertTrue(section(help(), "Flags:").contains("-V, --version"));
        for (String[] command : List.of(new String[] {"shell"}, new String[] {"list"},
                new String[] {"container", "exec"})) {
            String out = help(command);

            assertFalse(out.contains("--version"), out);
            assertTrue(section(out, "Flags:").contains("-h, --help"), out);
        }
        CliRun run = CliRun.of(home, "shell", "--version");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("'--version'"), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shell", "run", "attach", "list", "shutdown", "snapshot", "build"})
    void theMainCommandsEndWithExamples(String command) {
        String out = help(command.split(" "));
        String examples = section(out, "Examples:");
        List<String> lines = examples.lines().skip(2).toList();

        assertTrue(lines.size() >= 4 && lines.size() <= 8 && lines.size() % 2 == 0, out);
        for (int i = 0; i < lines.size(); i += 2) {
            assertTrue(lines.get(i).startsWith("  # "), out);
            assertTrue(lines.get(i + 1).startsWith("  coi "), out);
        }
        assertTrue(lines.stream().allMatch(line -> line.length() <= 80), out);
        assertTrue(out.indexOf("\nExamples:\n") > out.lastIndexOf("Flags:\n"), "after the flags:\n" + out);
    }

    @Test
    void everyExampleIsACommandLineCoiAccepts() {
        CommandLine coi = new CommandLine(CoiCommand.class);
        Subcommands.addTo(coi);
        coi.getSubcommands().get("run").setStopAtPositional(true);

        for (CommandSpec command : CommandTree.all(coi.getCommandSpec())) {
            for (Examples.Example example : Examples.of(command)) {
                List<String> words = words(example.commandLine());
                assertEquals("coi", words.getFirst(), example::toString);
                assertDoesNotThrow(() -> coi.parseArgs(words.subList(1, words.size()).toArray(String[]::new)),
                        example::toString);
            }
        }
        assertTrue(Examples.commands().stream().allMatch(name -> coi.getSubcommands().containsKey(name)),
                Examples.commands()::toString);
    }

    /** The words the shell makes of a command line: split at spaces, a double-quoted part is one word. */
    private static List<String> words(String commandLine) {
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(commandLine);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        return words;
    }

    /** The body of a section of the help: from its heading to the next blank line. */
    private static String section(String help, String heading) {
        int start = help.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, () -> "no " + heading + " in:\n" + help);
        int end = help.indexOf("\n\n", start + 1);
        return help.substring(start, end < 0 ? help.length() : end + 1);
    }
}
