package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The values the completion scripts offer for the flags whose values coi knows: the network modes, each command's
 * formats, the AI tools (also one declared in a tool file). Run in the shells themselves where installed.
 */
class CompletionCandidatesTest {

    @TempDir
    Path home;

    private Path script(String shell) throws IOException {
        // a tool declared in a tool file is offered beside the bundled ones
        Path tools = Files.createDirectories(home.resolve(".config/coi/tools"));
        Files.writeString(tools.resolve("mytool.toml"), "binary = \"mytool\"\n[command]\nnew = [\"mytool\"]\n");
        CliRun run = CliRun.of(home, "completion", shell);
        assertEquals(0, run.exitCode(), run::toString);
        return Files.writeString(home.resolve("coi." + shell), run.out());
    }

    @Test
    void bashOffersTheValuesOfNetworkFormatAndTool() throws Exception {
        Path script = script("bash");

        assertEquals("open\nrestricted\nallowlist\n", bash(script, "coi", "shell", "--network", ""));
        assertEquals("table\njson\n", bash(script, "coi", "image", "list", "--format", ""));
        assertEquals("text\njson\n", bash(script, "coi", "list", "--format", ""));
        assertEquals("aider\nclaude\nmytool\n", bash(script, "coi", "shell", "--tool", ""));
    }

    @Test
    void fishOffersTheValuesOfNetworkFormatAndTool() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed");
        Path script = script("fish");

        String completions = run(List.of("fish", "--no-config", "-c", "source $argv[1]; complete -C'coi run --network ';"
                + " complete -C'coi snapshot list --format '; complete -C'coi container exec --format ';"
                + " complete -C'coi shell --tool '", script.toString()));

        // fish sorts them
        assertEquals("allowlist\nopen\nrestricted\njson\ntext\njson\nraw\naider\nclaude\nmytool\n",
                completions.lines().map(line -> line.split("\t")[0] + "\n").reduce("", String::concat));
    }

    @Test
    void zshOffersTheValuesOfNetworkFormatAndTool() throws Exception {
        assumeTrue(onPath("zsh"), "zsh is not installed");
        Path script = script("zsh");
        Path driver = home.resolve("zsh-complete.zsh");
        try (InputStream in = getClass().getResourceAsStream("/dev/coi/kernel/compat/zsh-complete.zsh")) {
            Files.write(driver, in.readAllBytes());
        }

        String completed = run(List.of("zsh", "-f", driver.toString(), "source", script.toString(),
                "coi shell --network=res", "coi image list --format=ta", "coi version --format=j",
                "coi shell --tool=my"));

        assertEquals("coi shell --network=restricted \ncoi image list --format=table \ncoi version --format=json \n"
                + "coi shell --tool=mytool \n", completed);
    }

    /** What the bash script offers for the last of {@code words}. */
    private String bash(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append(" '").append(word).append('\'');
        }
        return run(List.of("bash", "-c", "source \"$1\" && COMP_WORDS=(" + array + ") COMP_CWORD="
                + (words.length - 1) + " && _complete_coi 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"",
                "bash", script.toString()));
    }

    /** Runs a command in the test's folder and returns its stdout; it must exit 0 within a minute. */
    private String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(home.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), () -> command + " did not end");
        assertEquals(0, process.exitValue(), () -> command + " failed: " + out);
        return out;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(":")).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
