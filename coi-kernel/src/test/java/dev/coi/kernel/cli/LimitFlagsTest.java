package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Extension;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.config.ConfigLoader;
import dev.coi.kernel.config.ExtensionSchema;
import dev.coi.kernel.config.Limits;
import dev.coi.kernel.plugin.PluginLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The --limit-* flags: what they set, that they win over profile and config, and how wrong values are refused. */
class LimitFlagsTest {

    @TempDir
    Path home;

    @BeforeEach
    void config() throws IOException {
        Path file = home.resolve(".config/coi/config.toml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                [limits.cpu]
                count = "1"
                allowance = "20%"
                [limits.memory]
                limit = "1GiB"
                [limits.runtime]
                max_duration = "2h"
                max_processes = 50
                [profiles.small.limits.memory]
                limit = "512MiB"
                swap = "false"
                [profiles.small.limits.runtime]
                max_processes = 80
                """);
    }

    private Limits limits(Optional<String> profile, String... args) throws ConfigException {
        ShellCommand shell = new ShellCommand();
        new CommandLine(shell).parseArgs(args);
        ConfigEnvironment environment = new ConfigEnvironment(Map.of(), home, home, home.resolve("etc/coi/config.toml"));
        return new ConfigLoader(environment, ExtensionSchema.of(PluginLoader.bundled().extensions(Extension.class)))
                .load(profile, shell.session.container.limits.overrides()).config().limits();
    }

    @Test
    void withoutFlagsTheProfileWinsOverTheConfig() throws ConfigException {
        Limits limits = limits(Optional.of("small"));

        assertEquals(Optional.of("512MiB"), limits.memory().limit());
        assertEquals("false", limits.memory().swap());
        assertEquals(80, limits.runtime().maxProcesses());
        assertEquals(Optional.of("1"), limits.cpu().count());
        assertEquals(Optional.of(Duration.ofHours(2)), limits.runtime().maxDuration());
    }

    @Test
    void flagsWinOverProfileAndConfig() throws ConfigException {
        Limits limits = limits(Optional.of("small"), "--limit-cpu=2", "--limit-cpu-allowance=50%",
                "--limit-memory=2GiB", "--limit-memory-swap=1GiB", "--limit-disk-read=10MiB/s",
                "--limit-disk-write=1000iops", "--limit-duration=1h30m", "--limit-processes=100");

        assertEquals(Optional.of("2"), limits.cpu().count());
        assertEquals(Optional.of("50%"), limits.cpu().allowance());
        assertEquals(Optional.of("2GiB"), limits.memory().limit());
        assertEquals("1GiB", limits.memory().swap());
        assertEquals(Optional.of("10MiB/s"), limits.disk().read());
        assertEquals(Optional.of("1000iops"), limits.disk().write());
        assertEquals(Optional.of(Duration.ofMinutes(90)), limits.runtime().maxDuration());
        assertEquals(100, limits.runtime().maxProcesses());
    }

    @Test
    void anEmptyFlagLiftsAConfiguredLimit() throws ConfigException {
        Limits limits = limits(Optional.empty(), "--limit-memory=", "--limit-duration=");

        assertEquals(Optional.empty(), limits.memory().limit());
        assertEquals(Optional.empty(), limits.runtime().maxDuration());
    }

    @Test
    void runAndCoiAloneTakeTheFlagsToo() {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs("--limit-memory=1GiB", "--", "true");
        CoiCommand coi = new CoiCommand();
        new CommandLine(coi).parseArgs("--limit-processes=10");

        assertEquals("limits.memory.limit", run.container.limits.overrides().getFirst().key());
        assertEquals("--limit-processes", coi.session.container.limits.overrides().getFirst().flag());
    }

    @Test
    void aWrongValueIsAUsageErrorNamingTheFlagBeforeIncusIsAsked() {
        CliRun run = CliRun.of(home, Map.of("INCUS_SOCKET", home.resolve("no.socket").toString()), "shell",
                "--limit-memory=lots", "--limit-processes=-1");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("flag --limit-memory: limits.memory.limit"), run::toString);
        assertTrue(run.err().contains("flag --limit-processes: limits.runtime.max_processes"), run::toString);
        assertTrue(!run.err().contains("socket"), run::toString);
    }
}
