package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigErrorsTest {

    @TempDir
    Path root;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(root);
    }

    private List<String> errors() {
        return assertThrows(ConfigException.class, fixture::load).problems().stream()
                .map(ConfigProblem::toString).toList();
    }

    private List<String> errorsOf(String toml) {
        write(fixture.projectFile, toml);
        return errors();
    }

    private String at(int line, int column) {
        return fixture.projectFile + ":" + line + ":" + column + ": ";
    }

    @Test
    void aSyntaxErrorNamesFileLineColumnAndWhatWasExpected() {
        assertEquals(List.of(at(2, 13) + "TOML syntax error: Unexpected end of line, expected \" or a character"),
                errorsOf("[network]\nmode = \"open\n"));
    }

    @Test
    void aFileNestedTooDeeplyToParseIsAnErrorNamingTheFile() {
        String deep = "a = " + "[".repeat(200_000) + "]".repeat(200_000) + "\n";

        assertEquals(List.of(fixture.projectFile + ": TOML nested too deeply to read (arrays or inline tables within"
                + " each other); flatten it"), errorsOf(deep));
    }

    @Test
    void aDuplicateKeyIsASyntaxError() {
        assertEquals(List.of(at(3, 1) + "TOML syntax error: mode previously defined at line 2, column 1"),
                errorsOf("[network]\nmode = \"open\"\nmode = \"restricted\"\n"));
    }

    @Test
    void aValueThatIsNotAllowedListsTheAllowedOnes() {
        assertEquals(List.of(at(2, 1)
                        + "network.mode: got \"closed\", expected one of \"open\", \"restricted\", \"allowlist\""),
                errorsOf("[network]\nmode = \"closed\"\n"));
    }

    @Test
    void aValueOfTheWrongTypeSaysWhatTypeIsExpected() {
        assertEquals(List.of(
                        at(2, 1) + "defaults.persistent: got \"yes\", expected true or false",
                        at(3, 1) + "defaults.image: got 5, expected an image alias like \"coi\"",
                        at(5, 1) + "network.allowed_domains: got \"a.example\", expected an array of domain names, "
                                + "wildcards, IPv4 or IPv6 addresses or networks like [\"example.com\", \"*.example.com\","
                                + " \"8.8.8.8\", \"2001:db8::/32\"]"),
                errorsOf("""
                        [defaults]
                        persistent = "yes"
                        image = 5
                        [network]
                        allowed_domains = "a.example"
                        """));
    }

    @Test
    void aMalformedMemorySizeShowsTheFormats() {
        assertEquals(List.of(at(3, 3) + "limits.memory.limit: got \"2 gigs\", expected a size like \"512MiB\" or "
                        + "\"2GiB\" (units B, kB, MB, GB, TB, KiB, MiB, GiB, TiB), or a percentage of the host's "
                        + "memory like \"50%\", or \"\" for none"),
                errorsOf("[limits.memory]\n# comment\n  limit = \"2 gigs\"\n"));
    }

    @Test
    void negativeNumbersAndOutOfRangePrioritiesFail() {
        assertEquals(List.of(
                        at(2, 1) + "network.refresh_interval_minutes: got -1, expected a whole number of minutes, "
                                + "0 or more (0 = never refresh)",
                        at(4, 1) + "limits.cpu.priority: got 11, expected a whole number from 0 to 10",
                        at(6, 1) + "limits.runtime.max_processes: got -5, expected a whole number, 0 or more "
                                + "(0 = unlimited)",
                        at(7, 1) + "limits.runtime.max_duration: got \"2 hours\", expected a duration like \"2h\", "
                                + "\"30m\" or \"1h30m\" (units h, m, s), or \"\" for none"),
                errorsOf("""
                        [network]
                        refresh_interval_minutes = -1
                        [limits.cpu]
                        priority = 11
                        [limits.runtime]
                        max_processes = -5
                        max_duration = "2 hours"
                        """));
    }

    @Test
    void aBackwardsCpuRangeSaysWhy() {
        assertEquals(List.of(at(2, 1) + "limits.cpu.count: got \"3-1\", expected a number of CPUs like \"2\", a "
                        + "range like \"0-3\" or a list like \"0,1,3\", or \"\" for none (the range 3-1 runs backwards)"),
                errorsOf("[limits.cpu]\ncount = \"3-1\"\n"));
    }

    @Test
    void aRelativeMountContainerPathIsReportedAtItsLine() {
        assertEquals(List.of(at(7, 1) + "mounts.default[1].container: got \"cache\", expected an absolute path "
                        + "inside the container like \"/home/code/.aws\""),
                errorsOf("""
                        [[mounts.default]]
                        host = "/a"
                        container = "/a"

                        [[mounts.default]]
                        host = "/b"
                        container = "cache"
                        """));
    }

    @Test
    void aMountWithoutAHostIsReported() {
        assertEquals(List.of(at(1, 1) + "mounts.default[0].host: got nothing, expected a host path like \"~/.aws\""),
                errorsOf("[[mounts.default]]\ncontainer = \"/b\"\n"));
    }

    @Test
    void allowedDomainsTakeIpv6AddressesAndNetworksOfBothFamiliesButNoPorts() throws ConfigException {
        List<String> entries = List.of("2001:db8::7", "2001:db8::/32", "::ffff:10.0.0.1", "198.51.100.0/24",
                "example.com");
        write(fixture.projectFile, "[network]\nallowed_domains = [\"" + String.join("\", \"", entries) + "\"]\n");
        assertEquals(entries, fixture.config().network().allowedDomains());

        assertEquals(1, errorsOf("[network]\nallowed_domains = [\"example.com:443\"]\n").size());
    }

    @Test
    void anArrayElementIsReportedAtItsOwnColumn() {
        assertEquals(List.of(at(2, 34) + "network.allowed_domains[1]: got \"https://example.com\", expected a domain "
                        + "name like \"example.com\", a wildcard like \"*.example.com\" (the names below it), an IPv4"
                        + " or IPv6 address like \"8.8.8.8\" or \"2001:db8::1\", or a"
                        + " network like \"2001:db8::/32\" (no scheme, port or path)"),
                errorsOf("[network]\nallowed_domains = [\"github.com\", \"https://example.com\"]\n"));
    }

    @Test
    void aSectionGivenAsAValueFails() {
        assertEquals(List.of(at(1, 1) + "network: got \"open\", expected a table like [network]"),
                errorsOf("network = \"open\"\n"));
    }

    @Test
    void badProfileValuesAreReportedEvenWhenTheProfileIsNotUsed() {
        assertEquals(List.of(
                        at(2, 17) + "profiles.rust.environment.RUST_BACKTRACE: got 1, expected a string like \"1\"",
                        at(4, 1) + "profiles.rust.limits.disk.read: got \"fast\", expected a rate like \"10MiB/s\" or "
                                + "\"1000iops\", or \"\" for none"),
                errorsOf("""
                        [profiles.rust]
                        environment = { RUST_BACKTRACE = 1 }
                        [profiles.rust.limits.disk]
                        read = "fast"
                        """));
    }

    @Test
    void problemsOfEveryFileEnvironmentVariableAndFlagAreReportedTogether() {
        write(fixture.userFile, "[network]\nmode = \"closed\"\n");
        write(fixture.projectFile, "[defaults\n");
        fixture.env.put("COI_LIMIT_MEMORY", "lots");
        fixture.env.put("CLAUDE_ON_INCUS_PERSISTENT", "yes");

        ConfigException error = assertThrows(ConfigException.class, () -> fixture.load(null,
                new FlagOverride("limits.runtime.max_duration", "1d", "--limit-duration")));

        assertEquals(List.of(
                fixture.userFile + ":2:1: network.mode: got \"closed\", expected one of \"open\", \"restricted\", "
                        + "\"allowlist\"",
                fixture.projectFile + ":1:10: TOML syntax error: Unexpected end of line, expected ]",
                "env CLAUDE_ON_INCUS_PERSISTENT: defaults.persistent: got \"yes\", expected true or false (or 1 or 0)",
                "env COI_LIMIT_MEMORY: limits.memory.limit: got \"lots\", expected a size like \"512MiB\" or \"2GiB\" "
                        + "(units B, kB, MB, GB, TB, KiB, MiB, GiB, TiB), or a percentage of the host's memory like "
                        + "\"50%\", or \"\" for none",
                "flag --limit-duration: limits.runtime.max_duration: got \"1d\", expected a duration like \"2h\", "
                        + "\"30m\" or \"1h30m\" (units h, m, s), or \"\" for none"),
                error.problems().stream().map(ConfigProblem::toString).toList());
        assertEquals(String.join("\n", error.problems().stream().map(ConfigProblem::toString).toList()),
                error.getMessage());
    }

    @Test
    void anUnknownProfileListsTheDefinedOnes() {
        write(fixture.userFile, "[profiles.rust]\nimage = \"coi-rust\"\n[profiles.dev]\npersistent = true\n");

        ConfigException error = assertThrows(ConfigException.class, () -> fixture.load("rusty"));

        assertEquals(List.of(new ConfigProblem("flag --profile",
                "profile \"rusty\" is not defined; defined profiles: dev, rust")), error.problems());
    }

    @Test
    void anUnknownProfileWithoutAnyProfilesSaysHowToDefineOne() {
        ConfigException error = assertThrows(ConfigException.class, () -> fixture.load("rust"));

        assertEquals("flag --profile: profile \"rust\" is not defined; no config file defines a profile (add a "
                + "[profiles.rust] table)", error.getMessage());
    }

    @Test
    void aConfigPathThatIsADirectoryFails() throws Exception {
        Files.createDirectories(fixture.projectFile);

        List<String> errors = errors();

        assertEquals(1, errors.size());
        assertEquals(true, errors.get(0).startsWith(fixture.projectFile + ": is not a regular file; "), errors::toString);
    }

    @Test
    void aUserConfigPathThatIsADirectoryFails() throws Exception {
        Files.createDirectories(fixture.userFile);

        List<String> errors = errors();

        assertEquals(1, errors.size());
        assertEquals(true, errors.get(0).startsWith(fixture.userFile + ": cannot read the file: "), errors::toString);
    }

    @Test
    void warningsTravelWithTheErrors() {
        write(fixture.projectFile, "[network]\nmod = \"open\"\nrefresh_interval_minutes = -1\n");

        ConfigException error = assertThrows(ConfigException.class, fixture::load);

        assertEquals(List.of(new ConfigProblem(fixture.projectFile + ":2:1",
                "unknown key network.mod (did you mean network.mode?)")), error.warnings());
    }
}
