package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The values the completion scripts offer for the flags whose values coi knows: the network modes, each command's
 * formats, the AI tools (also one declared in a tool file); the container names and session ids that
 * {@code coi list --format json} shows as they are completed (here a stand-in coi on the PATH prints its JSON); and
 * the profiles that {@code coi candidates profiles} names there. Run in the shells themselves where installed.
 */
class CompletionCandidatesTest {

    @TempDir
    Path home;

    /** The PATH of the shells, when a test puts a coi of its own first. */
    private String path;

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
        assertEquals("aider\nclaude\ncodex\ngemini\nmytool\nopencode\npi\n", bash(script, "coi", "shell", "--tool",
                ""));
        assertEquals("bypass\ninteractive\n", bash(script, "coi", "shell", "--permission-mode", ""));
    }

    @Test
    void fishOffersTheValuesOfNetworkFormatAndTool() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed");
        Path script = script("fish");

        String completions = fish(script, "complete -C'coi run --network ';"
                + " complete -C'coi snapshot list --format '; complete -C'coi container exec --format ';"
                + " complete -C'coi shell --tool '");

        // fish sorts them
        assertEquals("allowlist\nopen\nrestricted\njson\ntext\njson\nraw\naider\nclaude\ncodex\ngemini\nmytool\nopencode"
                + "\npi\n", completions);
    }

    @Test
    void zshOffersTheValuesOfNetworkFormatAndTool() throws Exception {
        assumeTrue(onPath("zsh"), "zsh is not installed");
        Path script = script("zsh");

        String completed = zsh(script, "coi shell --network=res", "coi image list --format=ta",
                "coi version --format=j", "coi shell --tool=my");

        assertEquals("coi shell --network=restricted \ncoi image list --format=table \ncoi version --format=json \n"
                + "coi shell --tool=mytool \n", completed);
    }

    @Test
    void bashOffersTheContainersAndSessionsCoiListsNow() throws Exception {
        Path script = script("bash");
        standInCoi();

        assertEquals("coi-ab12cd34-1\ncoi-ff000000-2\n", bash(script, "coi", "attach", ""));
        assertEquals("coi-ff000000-2\n", bash(script, "coi", "shutdown", "--force", "coi-f"));
        assertEquals("coi-ab12cd34-1\ncoi-ff000000-2\n", bash(script, "coi", "snapshot", "list", "-c", ""));
        assertEquals("coi-ab12cd34-1\n", bash(script, "coi", "network", "show", "coi-a"));
        assertEquals("0f3c9a\n7d1e22\n", bash(script, "coi", "shell", "--resume", ""));
        assertEquals("7d1e22\n", bash(script, "coi", "info", "7"));
        assertEquals("\n", bash(script, "coi", "shutdown", "--timeout", ""), "the value of a flag is no name");
    }

    @Test
    void fishOffersTheContainersAndSessionsCoiListsNow() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed");
        Path script = script("fish");
        standInCoi();

        String completions = fish(script, "complete -C'coi kill ';"
                + " complete -C'coi shell --resume '; complete -C'coi info '; complete -C'coi tmux capture coi-a'");

        assertEquals("coi-ab12cd34-1\ncoi-ff000000-2\n0f3c9a\n7d1e22\n0f3c9a\n7d1e22\ncoi-ab12cd34-1\n", completions);
    }

    @Test
    void zshOffersTheContainersAndSessionsCoiListsNow() throws Exception {
        assumeTrue(onPath("zsh"), "zsh is not installed");
        Path script = script("zsh");
        standInCoi();

        String completed = zsh(script, "coi kill coi-f", "coi shell --resume=0", "coi snapshot info -c coi-a");

        assertEquals("coi kill coi-ff000000-2 \ncoi shell --resume=0f3c9a \ncoi snapshot info -c coi-ab12cd34-1 \n",
                completed);
    }

    @Test
    void profilesAreThoseOfTheUserConfig() throws IOException {
        Files.createDirectories(home.resolve(".config/coi"));
        Files.writeString(home.resolve(".config/coi/config.toml"), """
                [profiles.rust]
                image = "coi-rust"
                [profiles.web.network]
                mode = "open"
                """);

        CliRun run = CliRun.of(home, "candidates", "profiles");

        assertEquals(new CliRun(0, "rust\nweb\n", ""), run);
    }

    @Test
    void profilesAreThoseOfEveryConfigFileTheCommandsRead() throws IOException {
        Files.createDirectories(home.resolve(".config/coi"));
        Files.writeString(home.resolve(".config/coi/config.toml"), "[profiles.rust]\nimage = \"coi-rust\"\n");
        Files.createDirectories(home.resolve("etc/coi"));
        Files.writeString(home.resolve("etc/coi/config.toml"), "[profiles.base]\npersistent = true\n");
        // the workspace's, in the working directory, and the file $COI_CONFIG names
        Files.writeString(home.resolve(".coi.toml"), "[profiles.docs]\nimage = \"coi-docs\"\n");
        Files.writeString(home.resolve("extra.toml"), "[profiles.ci]\npersistent = false\n");

        CliRun run = CliRun.of(home, Map.of("COI_CONFIG", "extra.toml"), "candidates", "profiles");

        assertEquals(new CliRun(0, "base\nci\ndocs\nrust\n", ""), run);
    }

    @Test
    void profilesOfTheWorkspaceConfigAreOffered() throws IOException {
        Files.writeString(home.resolve(".coi.toml"), "[profiles.docs]\nimage = \"coi-docs\"\n");

        assertEquals(new CliRun(0, "docs\n", ""), CliRun.of(home, "candidates", "profiles"));
    }

    @Test
    void aConfigThatDoesNotLoadOffersNoProfilesAndSaysNothing() throws IOException {
        Files.createDirectories(home.resolve(".config/coi"));
        Files.writeString(home.resolve(".config/coi/config.toml"), "[profiles.rust]\nimage = \"coi-rust\"\n");
        // a TOML syntax error
        Files.writeString(home.resolve(".coi.toml"), "[profiles.docs\nimage = 3\n");

        assertEquals(new CliRun(0, "", ""), CliRun.of(home, "candidates", "profiles"));

        // a value of the wrong type
        Files.writeString(home.resolve(".coi.toml"), "[profiles.docs]\npersistent = \"maybe\"\n");
        assertEquals(new CliRun(0, "", ""), CliRun.of(home, "candidates", "profiles"));

        // nested deeper than the parser can recurse
        Files.writeString(home.resolve(".coi.toml"), "a = " + "[".repeat(200_000) + "]".repeat(200_000) + "\n");
        assertEquals(new CliRun(0, "", ""), CliRun.of(home, "candidates", "profiles"));
    }

    @Test
    void aWorkspaceConfigThatIsALinkOffersNoProfilesAndSaysNothing() throws IOException {
        Path elsewhere = Files.writeString(home.resolve("other.toml"), "[profiles.secret]\npersistent = true\n");
        Files.createSymbolicLink(home.resolve(".coi.toml"), elsewhere);

        assertEquals(new CliRun(0, "", ""), CliRun.of(home, "candidates", "profiles"));
    }

    @Test
    void unknownKeysInTheConfigAreNotWarnedOfWhileCompleting() throws IOException {
        Files.writeString(home.resolve(".coi.toml"), "colour = \"blue\"\n[profiles.docs]\nimage = \"coi-docs\"\n");

        assertEquals(new CliRun(0, "docs\n", ""), CliRun.of(home, "candidates", "profiles"));
    }

    /**
     * The attack: the AI tool writes {@code .coi.toml} in the workspace with profile names that bash's
     * {@code compgen -W} would expand (a command substitution), or that carry terminal escapes, and waits for the user
     * to complete {@code --profile} there. Only plain names are offered, so nothing runs.
     */
    @Test
    void aWorkspaceConfigCannotRunCommandsOrWriteEscapesThroughProfileNames() throws Exception {
        Files.writeString(home.resolve(".coi.toml"), """
                [profiles."x$(touch${IFS}pwned)"]
                persistent = true
                [profiles."`touch pwned2`"]
                persistent = true
                [profiles."a b"]
                persistent = true
                [profiles."-rf"]
                persistent = true
                [profiles."\\u001b]0;title\\u0007red"]
                persistent = true
                [profiles.ok-name_2]
                persistent = true
                """);
        CliRun run = CliRun.of(home, "candidates", "profiles");
        assertEquals(new CliRun(0, "ok-name_2\n", ""), run);

        Path script = script("bash");
        standInCoi(run.out());

        assertEquals("ok-name_2\n", bash(script, "coi", "--profile", ""));
        assertFalse(Files.exists(home.resolve("pwned")), "the profile name ran a command");
        assertFalse(Files.exists(home.resolve("pwned2")), "the profile name ran a command");
    }

    @Test
    void everyProfileFlagOffersTheProfiles() {
        CommandLine coi = new CommandLine(CoiCommand.class);
        Subcommands.addTo(coi);
        List<String> without = new ArrayList<>();
        int profileFlags = 0;
        for (CommandSpec command : CommandTree.all(coi.getCommandSpec())) {
            OptionSpec profile = command.findOption("--profile");
            if (profile != null) {
                profileFlags++;
                if (!(profile.completionCandidates() instanceof Candidates.ProfileNames)) {
                    without.add(command.qualifiedName());
                }
            }
        }

        assertEquals(List.of(), without);
        assertEquals(CommandTree.all(coi.getCommandSpec()).size(), profileFlags, "every command has --profile");
    }

    /** picocli's bash script keeps the values of a label in one variable per command: the last one declared wins. */
    @Test
    void flagsOfACommandThatShareALabelShareTheirValues() {
        CommandLine coi = new CommandLine(CoiCommand.class);
        Subcommands.addTo(coi);
        List<String> clashes = new ArrayList<>();
        for (CommandSpec command : CommandTree.all(coi.getCommandSpec())) {
            Map<String, Class<?>> valuesByLabel = new LinkedHashMap<>();
            for (OptionSpec option : command.options()) {
                if (option.completionCandidates() != null) {
                    Class<?> values = option.completionCandidates().getClass();
                    Class<?> earlier = valuesByLabel.putIfAbsent(option.paramLabel(), values);
                    if (earlier != null && earlier != values) {
                        clashes.add(command.qualifiedName() + " " + option.longestName() + " " + option.paramLabel());
                    }
                }
            }
        }

        assertEquals(List.of(), clashes);
    }

    @Test
    void bashOffersTheProfilesCoiNamesNow() throws Exception {
        Path script = script("bash");
        standInCoi("docs\nrust\nweb\n");

        assertEquals("docs\nrust\nweb\n", bash(script, "coi", "--profile", ""));
        assertEquals("rust\n", bash(script, "coi", "shell", "--profile", "r"));
        assertEquals("docs\nrust\nweb\n", bash(script, "coi", "snapshot", "list", "--profile", ""));
        assertEquals("web\n", bash(script, "coi", "list", "--profile", "=", "w"));
    }

    @Test
    void fishOffersTheProfilesCoiNamesNow() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed");
        Path script = script("fish");
        standInCoi("docs\nrust\n");

        String completions = fish(script, "complete -C'coi --profile ';"
                + " complete -C'coi shell --profile r'; complete -C'coi container launch --profile '");

        assertEquals("docs\nrust\nrust\ndocs\nrust\n", completions);
    }

    @Test
    void zshOffersTheProfilesCoiNamesNow() throws Exception {
        assumeTrue(onPath("zsh"), "zsh is not installed");
        Path script = script("zsh");
        standInCoi("docs\nrust\n");

        String completed = zsh(script, "coi --profile=ru", "coi shell --profile=d", "coi image list --profile=r");

        assertEquals("coi --profile=rust \ncoi shell --profile=docs \ncoi image list --profile=rust \n", completed);
    }

    /**
     * A coi first on the PATH that answers {@code coi list [--all] --format json} with two containers and two saved
     * sessions, written as coi writes JSON.
     */
    private void standInCoi() throws IOException {
        standInCoi("");
    }

    /** The stand-in coi, which also names {@code profiles} (one a line) when asked {@code coi candidates profiles}. */
    private void standInCoi(String profiles) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        List<Map<String, Object>> containers = List.of(container("coi-ab12cd34-1"), container("coi-ff000000-2"));
        Files.writeString(bin.resolve("containers.json"), json(Map.of("active_containers", containers)));
        Files.writeString(bin.resolve("all.json"), json(Map.of("active_containers", containers,
                "saved_sessions", List.of(session("0f3c9a"), session("7d1e22")))));
        Files.writeString(bin.resolve("profiles"), profiles);
        Path coi = Files.writeString(bin.resolve("coi"), """
                #!/bin/sh
                case "$*" in
                  "candidates profiles") cat "$(dirname "$0")/profiles" ;;
                  "list --format json") cat "$(dirname "$0")/containers.json" ;;
                  "list --all --format json") cat "$(dirname "$0")/all.json" ;;
                  *) exit 1 ;;
                esac
                """);
        coi.toFile().setExecutable(true);
        path = bin + ":" + System.getenv("PATH");
    }

    private static Map<String, Object> container(String name) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("created_at", "2026-01-02 03:04:05");
        container.put("image", "coi");
        container.put("limits", Map.of("cpu", "2"));
        container.put("name", name);
        container.put("persistent", false);
        container.put("status", "Running");
        container.put("workspace", "/home/me/project");
        return container;
    }

    private static Map<String, Object> session(String id) {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("ID", id);
        session.put("SavedAt", "2026-01-02 03:04:05");
        session.put("Workspace", "/home/me/project");
        session.put("id", id);
        session.put("tool", "claude");
        return session;
    }

    private static String json(Object value) {
        StringWriter out = new StringWriter();
        new Output(new PrintWriter(out), new PrintWriter(new StringWriter()), false, false).json(value);
        return out.toString();
    }

    /** What fish offers for each {@code complete -C'...'} in {@code completes}, a candidate a line, no descriptions. */
    private String fish(Path script, String completes) throws Exception {
        return run(List.of("fish", "--no-config", "-c", "source $argv[1]; " + completes, script.toString())).lines()
                .map(line -> line.split("\t")[0] + "\n").reduce("", String::concat);
    }

    /** Each command line as zsh completes it (the project's zsh driver), one a line. */
    private String zsh(Path script, String... commandLines) throws Exception {
        Path driver = home.resolve("zsh-complete.zsh");
        try (InputStream in = getClass().getResourceAsStream("/dev/coi/kernel/compat/zsh-complete.zsh")) {
            Files.write(driver, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("zsh", "-f", driver.toString(), "source", script.toString()));
        command.addAll(List.of(commandLines));
        return run(command);
    }

    /** What the bash script offers for the last of {@code words}, through the function it registers. */
    private String bash(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append(" '").append(word).append('\'');
        }
        return run(List.of("bash", "-c", "source \"$1\" && COMP_WORDS=(" + array + ") COMP_CWORD="
                + (words.length - 1) + " && _complete_coi_live 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"",
                "bash", script.toString()));
    }

    /** Runs a command in the test's folder and returns its stdout; it must exit 0 within a minute. */
    private String run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(home.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        if (path != null) {
            builder.environment().put("PATH", path);
        }
        Process process = builder.start();
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
