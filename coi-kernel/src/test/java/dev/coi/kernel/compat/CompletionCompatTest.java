package dev.coi.kernel.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coi.kernel.cli.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code coi completion bash|zsh|fish [--no-descriptions]} (reference-behaviour.md 1): each prints a script of its
 * own shell on stdout, exit 0, and the shell completes coi's commands and flags with it. The shells are run where
 * they are installed.
 */
class CompletionCompatTest {

    /** What is typed, and the command line the shell completes it to. */
    private static final List<String> TYPED = List.of("coi comp", "coi container la", "coi list --fo", "coi image li",
            "coi completion --no", "coi completion z");
    private static final List<String> COMPLETED = List.of("coi completion ", "coi container launch ",
            "coi list --format=", "coi image list ", "coi completion --no-descriptions ", "coi completion zsh ");

    @TempDir
    Path home;

    @Test
    void zshCompletionIsAZshScriptStartingWithCompdef() {
        CliRun run = CliRun.of(home, "completion", "zsh");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("#compdef coi\n"), run::toString);
        assertTrue(run.out().contains("_arguments"), "native zsh completion");
        assertFalse(run.out().contains("bashcompinit"), "not bash's script run by zsh");
    }

    @ParameterizedTest
    @ValueSource(strings = {"source", "fpath"})
    void zshCompletesCommandsSubcommandsAndFlags(String loadedBy) throws Exception {
        assumeTrue(onPath("zsh"), "zsh is not installed");
        Path script = script("zsh");
        Path driver = home.resolve("zsh-complete.zsh");
        try (InputStream in = getClass().getResourceAsStream("zsh-complete.zsh")) {
            Files.write(driver, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("zsh", "-f", driver.toString(), loadedBy, script.toString()));
        command.addAll(TYPED);

        assertEquals(String.join("\n", COMPLETED) + "\n", run(command));
    }

    @Test
    void zshScriptIsValidZsh() throws Exception {
        assumeTrue(onPath("zsh"), "zsh is not installed");

        assertEquals("", run(List.of("zsh", "-n", script("zsh").toString())));
    }

    @Test
    void bashCompletesCommandsSubcommandsAndFlags() throws Exception {
        Path script = script("bash");
        String completions = run(List.of("bash", "-c", "source \"$1\" && COMP_WORDS=(coi comp) COMP_CWORD=1"
                + " && _complete_coi 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"; COMP_WORDS=(coi container la)"
                + " COMP_CWORD=2 && _complete_coi 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"", "bash",
                script.toString()));

        assertEquals("completion\nlaunch\n", completions);
    }

    @Test
    void fishCompletesCommandsSubcommandsAndFlags() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed");
        Path script = script("fish");

        String completions = run(List.of("fish", "--no-config", "-c", "source $argv[1]; complete -C'coi comp';"
                + " complete -C'coi container la'; complete -C'coi list --fo'", script.toString()));

        assertEquals("completion\tPrint the shell completion script for bash, zsh or fish.\n"
                + "launch\tCreate and start a container from a local image.\n"
                + "--format\ttext (default) or json.\n", completions);
    }

    @Test
    void noDescriptionsLeavesOutWhatEachCandidateDoes() {
        String zsh = CliRun.of(home, "completion", "zsh", "--no-descriptions").out();
        String fish = CliRun.of(home, "completion", "fish", "--no-descriptions").out();

        assertTrue(zsh.contains("'completion'\n"), zsh);
        assertFalse(zsh.contains("'completion:"), zsh);
        assertFalse(Pattern.compile("--all\\[").matcher(zsh).find(), zsh);
        assertFalse(fish.contains(" -d "), fish);
        assertTrue(CliRun.of(home, "completion", "fish").out().contains(" -d "));
    }

    @Test
    void anotherShellIsAUsageError() {
        CliRun run = CliRun.of(home, "completion", "powershell");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().contains("unknown shell 'powershell': must be bash, zsh or fish"), run::toString);
    }

    private Path script(String shell) throws IOException {
        CliRun run = CliRun.of(home, "completion", shell);
        assertEquals(0, run.exitCode(), run::toString);
        return Files.writeString(home.resolve("coi." + shell), run.out());
    }

    /** Runs a command in the test's folder and returns its stdout; it must exit 0 within a minute. */
    private String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(home.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("stderr").toFile())).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), () -> command + " did not end");
        assertEquals(0, process.exitValue(), () -> command + " failed: " + out + readStderr());
        return out;
    }

    private String readStderr() {
        try {
            return Files.exists(home.resolve("stderr")) ? Files.readString(home.resolve("stderr")) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(":")).stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
