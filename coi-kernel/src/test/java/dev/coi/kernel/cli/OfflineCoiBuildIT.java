package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.api.ToolLaunch;
import dev.coi.kernel.Main;
import dev.coi.kernel.incus.ImageAlias;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.testing.HostLock;
import dev.coi.kernel.testing.RootJvm;
import dev.coi.kernel.tools.DataDefinedTool;
import dev.coi.kernel.tools.DataDefinedTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sudo coi build --base offline} as a user on a host without internet runs it (the build needs root: the
 * command runs in a JVM as root, {@link RootJvm}): the default image from the Debian mirror and the npm registry,
 * then Claude Code and the tools coi ships as tool files running in a container from it, launched by the user, each
 * knowing every option coi would start it with. The machine's own {@code coi} alias is put back and the
 * image built here deleted afterwards.
 */
@HostLock(HostLock.COI_ALIAS)
class OfflineCoiBuildIT {

    private static final Pattern FINGERPRINT = Pattern.compile("(?m)^Fingerprint: ([0-9a-f]{64})$");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final String SESSION = "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

    @TempDir
    Path home;

    @Test
    void buildsTheDefaultImageOfflineAndEveryNpmToolRunsInIt() throws InterruptedException {
        IncusClient incus = IncusClient.local(null);
        Optional<String> coiBefore = incus.images().alias("coi").map(ImageAlias::target);
        String built = null;
        try (TestInstances instances = new TestInstances(incus)) {
            RootJvm.Result build = RootJvm.run("coi build --base offline", Main.class, "build", "--force", "--base",
                    "offline");
            Matcher fingerprint = FINGERPRINT.matcher(build.out());
            if (fingerprint.find()) {
                built = fingerprint.group(1);
            }
            assertEquals(0, build.exitCode(), () -> "exit " + build.exitCode() + "\n" + tail(build.err()));
            assertTrue(build.out().contains("Version: coi-"), build.out());
            assertEquals(Optional.ofNullable(built), incus.images().alias("coi").map(ImageAlias::target));
            assertTrue(build.err().contains("debootstrap"), () -> tail(build.err()));

            String name = instances.newName();
            CliRun launch = CliRun.of(home, "container", "launch", "coi", name);
            assertEquals(0, launch.exitCode(), launch::toString);
            CommandResult claude = untilItRuns(incus, name, List.of("claude", "--version"));
            assertTrue(VERSION.matcher(claude.stdout()).find(), claude::toString);
            CommandResult info = untilItRuns(incus, name, List.of("cat", "/etc/coi-image"));
            CliRun tools = CliRun.of(home, "tool", "list", "--format", "json");
            assertEquals(0, tools.exitCode(), tools::toString);
            for (DataDefinedTool tool : shippedTools()) {
                CommandResult version = untilItRuns(incus, name, List.of(tool.binary(), "--version"));
                // pi prints its version on standard error
                assertTrue(VERSION.matcher(version.stdout() + version.stderr()).find(), version::toString);
                assertTrue(info.stdout().matches("(?s).*\ntools=\"[^\"]*\\b" + tool.name() + "\\b.*"),
                        info::toString);
                assertTrue(inImage(tools, tool.name()), () -> "coi tool list says " + tool.name() + " is in the image: "
                        + tools);
                assertOptionsInHelp(incus, name, tool.commandLine(ToolLaunch.fresh(SESSION)));
                assertOptionsInHelp(incus, name, tool.commandLine(ToolLaunch.resumed(SESSION, Optional.of(SESSION))));
                assertOptionsInHelp(incus, name, tool.commandLine(ToolLaunch.resumed(SESSION, Optional.empty())));
            }
        } finally {
            restore(incus, coiBefore, built);
        }
    }

    private static boolean inImage(CliRun list, String tool) {
        try {
            for (JsonNode listed : new ObjectMapper().readTree(list.out()).get("tools")) {
                if (listed.get("name").asText().equals(tool)) {
                    return listed.get("installed").asBoolean(false);
                }
            }
            return false;
        } catch (JsonProcessingException e) {
            throw new AssertionError("coi tool list --format json printed no JSON: " + list, e);
        }
    }

    /** The tools coi ships as tool files, which coi build installs beside Claude Code. */
    private static List<DataDefinedTool> shippedTools() {
        DataDefinedTools shipped = DataDefinedTools.load(OfflineCoiBuildIT.class.getClassLoader(), List.of());
        assertEquals(List.of(), shipped.problems());
        assertEquals(List.of("codex", "gemini", "opencode", "pi"),
                shipped.tools().stream().map(DataDefinedTool::name).toList());
        return shipped.tools();
    }

    /**
     * Every option of a command line coi starts a tool with is one the tool's own help names: that of its
     * subcommand when the first argument is one.
     */
    private static void assertOptionsInHelp(IncusClient incus, String name, List<String> commandLine) {
        List<String> help = new ArrayList<>(List.of(commandLine.getFirst()));
        if (commandLine.size() > 1 && !commandLine.get(1).startsWith("-")) {
            help.add(commandLine.get(1));
        }
        help.add("--help");
        CommandResult text = untilItRuns(incus, name, help);
        commandLine.stream().filter(argument -> argument.startsWith("--"))
                .map(option -> option.replaceFirst("=.*", ""))
                .forEach(option -> assertTrue(Pattern.compile("(?m)(^|[\\s,])" + Pattern.quote(option)
                        + "([\\s,=<\\[]|$)").matcher(text.stdout() + text.stderr()).find(),
                        () -> String.join(" ", help) + " does not name " + option + ":\n" + text));
    }

    /** The first boot unpacks the image and starts systemd, which takes a while on a busy machine. */
    private static CommandResult untilItRuns(IncusClient incus, String name, List<String> command) {
        ExecOptions asCode = new ExecOptions(1000, 1000, "/workspace", Map.of("HOME", "/home/code"));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        CommandResult last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = incus.exec(name, command, asCode);
                if (last.succeeded()) {
                    return last;
                }
            } catch (IncusException e) {
                last = new CommandResult(-1, "", e.getMessage());
            }
        }
        throw new AssertionError(String.join(" ", command) + " did not run within 2 minutes: " + last);
    }

    private static void restore(IncusClient incus, Optional<String> coiBefore, String built) {
        if (coiBefore.isPresent()) {
            incus.images().retarget("coi", coiBefore.get(), "");
        } else if (incus.images().alias("coi").isPresent()) {
            incus.images().deleteAlias("coi");
        }
        if (built != null && !Optional.of(built).equals(coiBefore) && incus.images().image(built).isPresent()) {
            incus.images().delete(built);
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
}
