package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.NetworkPolicy;
import dev.coi.api.NetworkMode;
import dev.coi.api.NetworkBackend;
import dev.coi.api.HostCommands;
import dev.coi.api.Availability;
import dev.coi.api.ConfigOption;
import dev.coi.api.ConfigSection;
import dev.coi.api.Extension;
import dev.coi.api.ExtensionConfig;
import dev.coi.api.HostAdjustments;
import dev.coi.api.HostEnvironment;
import dev.coi.api.HostProbe;
import dev.coi.api.ToolLaunch;
import dev.coi.kernel.testing.NamedTool;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration extensions own or contribute to: their sections, the tool's defaults, host environments. */
class ExtensionConfigTest {

    private static final ConfigOption<String> GREETING = ConfigOption.text("greeting", "hello", "what it says first")
            .checked("a line of at most 10 characters", text -> text.length() <= 10 && !text.isBlank());
    private static final ConfigOption<Long> TIMES = ConfigOption.number("times", 1, "how often it says it")
            .checked("a whole number from 1 to 3", times -> times >= 1 && times <= 3);

    @TempDir
    Path root;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(root);
    }

    /** An AI tool with a section of its own and the defaults it brings; it keeps the values it was handed. */
    private static class FakeTool extends NamedTool {

        private final List<String> domains;
        private final boolean isDefault;
        private ExtensionConfig config = ExtensionConfig.defaults();

        FakeTool(String name, List<String> domains, boolean isDefault) {
            super(name);
            this.domains = domains;
            this.isDefault = isDefault;
        }

        @Override
        public Optional<ConfigSection> configSection() {
            return Optional.of(ConfigSection.of(name(), GREETING, TIMES));
        }

        @Override
        public void configure(ExtensionConfig values) {
            config = values;
        }

        @Override
        public List<String> allowedDomains() {
            return domains;
        }

        @Override
        public Optional<String> defaultModel() {
            return Optional.of(name() + "-model");
        }

        @Override
        public boolean isDefault() {
            return isDefault;
        }

        @Override
        public List<String> commandLine(ToolLaunch launch) {
            return List.of(name(), config.get(GREETING));
        }
    }

    private record FakeVm(Set<String> settingValues) implements HostEnvironment {

        @Override
        public String name() {
            return "vm";
        }

        @Override
        public Optional<HostAdjustments> detect(HostProbe probe) {
            return Optional.empty();
        }
    }

    /** A backend that is only a name: the configuration never asks it to do anything. */
    private record NamedBackend(String name) implements NetworkBackend {

        @Override
        public Set<NetworkMode> supportedModes() {
            return Set.of(NetworkMode.RESTRICTED);
        }

        @Override
        public Availability availability(HostCommands host) {
            throw new AssertionError("loading the configuration asks no backend whether it works");
        }

        @Override
        public void enforce(NetworkPolicy policy, HostCommands host) {
            throw new AssertionError();
        }

        @Override
        public void release(String container, HostCommands host) {
            throw new AssertionError();
        }

        @Override
        public Map<String, Set<String>> owners(HostCommands host) {
            throw new AssertionError();
        }
    }

    private record BrokenVm() implements HostEnvironment {

        @Override
        public String name() {
            return "broken";
        }

        @Override
        public Set<String> settingValues() {
            throw new IllegalStateException("no values today");
        }

        @Override
        public Optional<HostAdjustments> detect(HostProbe probe) {
            return Optional.empty();
        }
    }

    private LoadedConfig load(Extension... extensions) throws ConfigException {
        return new ConfigLoader(fixture.environment(), ExtensionSchema.of(List.of(extensions))).load();
    }

    private static Object value(LoadedConfig loaded, String key) {
        return loaded.config().entry(key).orElseThrow().value();
    }

    @Test
    void aDeclaredKeyHasItsDefaultUntilAFileSetsIt() throws ConfigException {
        FakeTool tool = new FakeTool("hi", List.of(), true);

        LoadedConfig defaults = load(tool);
        assertEquals("hello", value(defaults, "hi.greeting"));
        assertEquals("default", defaults.config().entry("hi.greeting").orElseThrow().origin());

        write(fixture.userFile, "[hi]\ngreeting = \"hey\"\ntimes = 2\n");
        LoadedConfig set = load(tool);
        assertEquals("hey", value(set, "hi.greeting"));
        assertEquals(2L, value(set, "hi.times"));
        assertEquals(fixture.userFile.toString(), set.config().entry("hi.greeting").orElseThrow().origin());
    }

    @Test
    void aBadValueOfADeclaredKeyIsAnErrorNamingFileKeyAndWhatIsExpected() {
        write(fixture.userFile, "[hi]\ngreeting = \"good morning to you\"\ntimes = \"two\"\n");

        ConfigException error = assertThrows(ConfigException.class, () -> load(new FakeTool("hi", List.of(), true)));

        assertEquals(List.of(
                fixture.userFile + ":2:1: hi.greeting: got \"good morning to you\", expected a line of at most 10"
                        + " characters",
                fixture.userFile + ":3:1: hi.times: got \"two\", expected a whole number from 1 to 3"),
                error.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aProfileSetsADeclaredKeyAndTheExtensionIsHandedTheValue() throws ConfigException {
        write(fixture.userFile, "[profiles.loud.hi]\ntimes = 3\ngreeting = \"HEY\"\n");
        FakeTool tool = new FakeTool("hi", List.of(), true);
        ConfigLoader loader = new ConfigLoader(fixture.environment(), ExtensionSchema.of(List.of(tool)));

        CoiConfig config = loader.load(Optional.of("loud"), List.of()).config();

        assertEquals(List.of("hi", "hello"), tool.commandLine(ToolLaunch.fresh("s")), "not configured yet");
        assertEquals(List.of(), config.configureExtensions());
        assertEquals(List.of("hi", "HEY"), tool.commandLine(ToolLaunch.fresh("s")));
    }

    @Test
    void anUnknownKeyInADeclaredSectionIsAWarningWithTheLikelyKey() throws ConfigException {
        write(fixture.userFile, "[hi]\ngreting = \"hey\"\n");

        assertEquals(List.of(fixture.userFile + ":2:1: unknown key hi.greting (did you mean hi.greeting?)"),
                load(new FakeTool("hi", List.of(), true)).warnings().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aSectionInCoisOwnTableOrAnotherExtensionsIsLeftOutWithAWarning() throws ConfigException {
        write(fixture.userFile, "[network]\nmode = \"open\"\n");

        List<String> warnings = load(new FakeTool("network", List.of(), true), new FakeTool("a", List.of(), false),
                new FakeTool("a", List.of(), false)).warnings().stream().map(ConfigProblem::toString).toList();

        assertEquals(List.of("extension network: its configuration section [network] is left out: [network] is coi's"
                        + " own; the plugin must choose another name",
                "extension a: its configuration section [a] is left out: another extension owns it; the plugin must"
                        + " choose another name"), warnings);
    }

    @Test
    void theDefaultAllowlistIsTheKernelsEntriesAndThoseOfTheToolSessionsRun() throws ConfigException {
        Extension[] tools = {new FakeTool("a", List.of("api.a.example"), true),
            new FakeTool("b", List.of("api.b.example", "8.8.8.8"), false)};
        List<String> kernel = List.of("8.8.8.8", "1.1.1.1", "registry.npmjs.org", "npm.pkg.github.com");

        LoadedConfig first = load(tools);
        assertEquals("a", first.config().tool().name());
        assertEquals(concat(kernel, "api.a.example"), first.config().network().allowedDomains());
        assertEquals(Optional.of("a-model"), first.config().model());

        write(fixture.userFile, "[tool]\nname = \"b\"\n");
        LoadedConfig second = load(tools);
        assertEquals(concat(kernel, "api.b.example"), second.config().network().allowedDomains());
        assertEquals(Optional.of("b-model"), second.config().model());

        write(fixture.userFile, "[tool]\nname = \"b\"\n[network]\nallowed_domains = [\"only.example\"]\n");
        assertEquals(List.of("only.example"), load(tools).config().network().allowedDomains());
    }

    @Test
    void withoutADefaultToolNoToolIsChosenAndTheAllowlistIsTheKernelsOwn() throws ConfigException {
        LoadedConfig loaded = load(new FakeTool("a", List.of("api.a.example"), false));

        assertEquals("", loaded.config().tool().name());
        assertEquals(List.of("8.8.8.8", "1.1.1.1", "registry.npmjs.org", "npm.pkg.github.com"),
                loaded.config().network().allowedDomains());
        assertEquals(Optional.empty(), loaded.config().model());
    }

    @Test
    void aWorkspaceFileThatChangesADeclaredKeyOrTheToolAndSoItsDomainsNeedsConsent() throws ConfigException {
        write(fixture.projectFile, "[hi]\ngreeting = \"hey\"\n[tool]\nname = \"b\"\n");

        List<String> widenings = new ConfigLoader(fixture.environment(), ExtensionSchema.of(List.of(
                new FakeTool("hi", List.of(), true), new FakeTool("b", List.of("api.b.example"), false))))
                .load().workspaceWidening().orElseThrow().widenings().stream().map(Widening::describe).toList();

        assertTrue(widenings.contains("network.allowed_domains adds \"api.b.example\""), widenings::toString);
        assertTrue(widenings.contains("tool.name = \"b\" (instead of \"hi\")"), widenings::toString);
        assertTrue(widenings.contains("hi.greeting = \"hey\" (instead of \"hello\")"), widenings::toString);
    }

    @Test
    void hostEnvironmentAcceptsTheValuesOfTheHostEnvironmentsPresent() throws ConfigException {
        write(fixture.userFile, "[host]\nenvironment = \"colima\"\n");

        assertEquals("colima", value(load(new FakeVm(Set.of("colima", "lima"))), "host.environment"));
        ConfigException without = assertThrows(ConfigException.class, this::load);
        assertEquals(List.of(fixture.userFile + ":2:1: host.environment: got \"colima\", expected one of \"auto\","
                + " \"linux\""), without.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void networkBackendAcceptsAutoAndTheNamesOfTheBackendsInstalled() throws ConfigException {
        fixture.env.put("COI_NETWORK_BACKEND", "firewalld");
        assertEquals("firewalld", load(new NamedBackend("firewalld")).config().networkBackend());
        fixture.env.remove("COI_NETWORK_BACKEND");
        write(fixture.userFile, "[network]\nbackend = \"nftables\"\n");

        assertEquals("nftables", load(new NamedBackend("nftables")).config().networkBackend());
        ConfigException without = assertThrows(ConfigException.class, () -> load(new NamedBackend("firewalld")));
        assertEquals(List.of(fixture.userFile + ":2:1: network.backend: got \"nftables\", expected one of \"auto\","
                + " \"firewalld\""), without.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void theBundledPluginsKeepTheDefaultsUsersHadForClaude() throws ConfigException {
        CoiConfig config = fixture.config();

        assertEquals("claude", config.tool().name());
        assertEquals(List.of("8.8.8.8", "1.1.1.1", "registry.npmjs.org", "npm.pkg.github.com", "api.anthropic.com",
                "platform.claude.com"), config.network().allowedDomains());
        assertEquals(Optional.of("claude-sonnet-4-5"), config.model());
        assertEquals("default", config.entry("network.allowed_domains").orElseThrow().origin());
    }

    @Test
    void whatAnExtensionCannotTellOrTellsWrongIsLeftOutWithAWarning() throws ConfigException {
        LoadedConfig loaded = load(new BrokenVm(), new FakeTool("a", List.of("https://a.example"), true) {
            @Override
            public void configure(ExtensionConfig values) {
                throw new IllegalStateException("cannot take it");
            }
        });

        assertEquals(List.of("extension broken: could not tell its host.environment values"
                        + " (java.lang.IllegalStateException: no values today); it is left out",
                "extension a: \"https://a.example\" is left out of the default allowed_domains: it is not a domain"
                        + " name, an IP address or a network"),
                loaded.warnings().stream().map(ConfigProblem::toString).toList());
        assertEquals(List.of("8.8.8.8", "1.1.1.1", "registry.npmjs.org", "npm.pkg.github.com"),
                loaded.config().network().allowedDomains());
        assertEquals(List.of("extension a could not take its settings [a]: java.lang.IllegalStateException: cannot"
                + " take it"), loaded.config().configureExtensions());
    }

    private static List<String> concat(List<String> first, String last) {
        return java.util.stream.Stream.concat(first.stream(), java.util.stream.Stream.of(last)).toList();
    }
}
