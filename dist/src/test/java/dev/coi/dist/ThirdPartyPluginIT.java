package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.images.build.OfflineTestImage;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.sessions.ContainerNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example third-party plugin (examples/hello-plugin, built by the reactor, not bundled) installed with the real
 * launcher as a user would: listed, its health check in {@code coi health}, its AI tool running a real session in a
 * real container, then disabled and removed; a broken jar is reported and skipped while coi goes on working.
 */
class ThirdPartyPluginIT {

    private static final Path LAUNCHER = Path.of("target/coi/bin/coi").toAbsolutePath();
    private static final Path EXAMPLE = Path.of(System.getProperty("coi.it.examplePlugin",
            "../examples/hello-plugin/target/coi-hello-plugin-1.0.0.jar")).toAbsolutePath().normalize();
    private static final String FIXED_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    @TempDir
    Path home;

    private SessionContainersFixture fixture;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void setUp() throws Exception {
        fixture = new SessionContainersFixture(home);
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void theExamplePluginIsInstalledListedUsedInASessionDisabledAndRemoved() throws Exception {
        assertTrue(Files.isRegularFile(EXAMPLE), "build the example first: " + EXAMPLE);

        Launched install = launch("plugin", "install", EXAMPLE.toString(), "--sha256", sha256(EXAMPLE), "--yes");

        assertEquals(0, install.exitCode(), install::toString);
        assertTrue(install.err().contains("plugin hello 1.0.0 (coi-api >=0.3.0 & <0.4.0)"), install::toString);
        assertTrue(install.err().contains("with your user's rights"), install::toString);
        JsonNode hello = plugin("hello");
        assertEquals("installed", hello.get("source").asText(), hello::toString);
        assertEquals("enabled", hello.get("state").asText(), hello::toString);
        assertEquals("1.0.0", hello.get("version").asText());
        assertEquals(EXAMPLE.toString(), hello.get("from").asText());
        assertEquals("[{\"kind\":\"ai-tool\",\"name\":\"hello\"},{\"kind\":\"health-checks\",\"name\":\"hello\"}]",
                json.writeValueAsString(hello.get("extensions")));
        JsonNode check = health().get("hello");
        assertEquals("ok", check.get("status").asText(), check::toString);
        assertEquals("the hello plugin is loaded; tool.name is claude (tool.name = \"hello\" starts its tool in sessions)",
                check.get("message").asText());

        Path config = Files.createDirectories(home.resolve(".config/coi")).resolve("config.toml");
        Files.writeString(config, "[tool]\nname = \"hello\"\n");
        Launched shell = launch("shell", "-w", fixture.workspace.toString(), "--background", "--network", "open",
                "--image", sessionImage());

        assertEquals(0, shell.exitCode(), shell::toString);
        String container = fixture.name(1);
        assertEquals("hello", fixture.incus.instance(container).orElseThrow().config().get("user.coi.tool"));
        String pane = awaitPane(container, "hello from the hello plugin, coi session ");
        assertTrue(pane.contains(fixture.incus.instance(container).orElseThrow().config().get("user.coi.session")), pane);

        assertEquals(0, launch("plugin", "disable", "hello").exitCode());
        assertEquals("disabled", plugin("hello").get("state").asText());
        assertFalse(health().has("hello"), "a disabled plugin's check does not run");
        Launched withoutTool = launch("shell", "-w", fixture.workspace.toString(), "--background", "--network", "open",
                "--image", sessionImage());
        assertNotEquals(0, withoutTool.exitCode(), withoutTool::toString);
        assertTrue(withoutTool.err().contains("unknown tool 'hello'"), withoutTool::toString);

        Launched remove = launch("plugin", "remove", "hello");
        assertEquals(0, remove.exitCode(), remove::toString);
        assertFalse(pluginIds().contains("hello"));
        assertEquals(List.of(), jarsInPluginFolder());
        assertTrue(Files.isRegularFile(EXAMPLE), "the file it came from is left alone");
    }

    @Test
    void aBrokenJarIsReportedAndSkippedAndCoiStillWorks() throws Exception {
        assertEquals(0, launch("plugin", "install", EXAMPLE.toString(), "--yes").exitCode());
        Path installed = jarsInPluginFolder().getFirst();
        Files.writeString(installed, "this is not a jar any more");

        Launched list = launch("plugin", "list");

        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.err().contains("plugin skipped: " + installed + ": plugin hello changed since it was installed"),
                list::toString);
        assertTrue(list.out().lines().anyMatch(line -> line.startsWith("hello") && line.contains("not-loaded")), list::toString);
        assertTrue(list.out().contains("tool-claude"), list::toString);

        // broken in a way only loading finds: the lock vouches for these bytes
        String lock = Files.readString(home.resolve(".coi/plugins/plugins.lock"));
        Files.writeString(home.resolve(".coi/plugins/plugins.lock"), lock.replaceAll("[0-9a-f]{64}", sha256(installed)));
        Launched health = launch("health", "--format", "json");
        assertTrue(health.err().contains("plugin skipped: " + installed + ": not a valid coi plugin jar"), health::toString);
        JsonNode checks = json.readTree(health.out()).get("checks");
        assertTrue(checks.has("incus") && !checks.has("hello"), checks::toString);
        assertEquals("warning", checks.get("plugins").get("status").asText(), checks::toString);
        assertTrue(checks.get("plugins").get("fix").asText().contains("not a valid coi plugin jar"), checks::toString);
        Launched version = launch("version");
        assertEquals(0, version.exitCode(), version::toString);
    }

    @Test
    void onATerminalCoiSaysWhatItInstallsAndAsksFirst() throws Exception {
        try (CoiTerminal terminal = new CoiTerminal(home, fixture.workspace, Map.of())) {
            terminal.start("plugin", "install", EXAMPLE.toString());
            terminal.awaitScreen("Install plugin hello? [y/N]", Duration.ofSeconds(60));
            assertTrue(terminal.history().contains("with your user's rights"), terminal::history);
            terminal.type("n");
            assertEquals(1, terminal.awaitExit(Duration.ofSeconds(30)), terminal::history);
            assertFalse(Files.exists(home.resolve(".coi/plugins/plugins.lock")), terminal::history);

            terminal.start("plugin", "install", EXAMPLE.toString());
            terminal.awaitScreen("Install plugin hello? [y/N]", Duration.ofSeconds(60));
            terminal.type("y");
            assertEquals(0, terminal.awaitExit(Duration.ofSeconds(30)), terminal::history);
        }
        assertEquals("enabled", plugin("hello").get("state").asText());
    }

    private String sessionImage() {
        String given = System.getProperty("coi.it.sessionImage", "");
        return given.isBlank() ? OfflineTestImage.get(IncusClient.local(null)).alias() : given;
    }

    private String awaitPane(String container, String expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String pane = "";
        while (Instant.now().isBefore(deadline)) {
            CommandResult capture = fixture.incus.exec(container,
                    List.of("tmux", "capture-pane", "-p", "-t", "coi-" + container),
                    new ExecOptions(1000, 1000, "/workspace", Map.of("HOME", "/home/code")));
            pane = capture.stdout();
            if (pane.contains(expected)) {
                return pane;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the hello tool did not greet in " + container + " within 30 s; its pane:\n" + pane);
    }

    private JsonNode plugin(String id) throws Exception {
        Launched list = launch("plugin", "list", "--format", "json");
        assertEquals(0, list.exitCode(), list::toString);
        for (JsonNode plugin : json.readTree(list.out()).get("plugins")) {
            if (plugin.get("id").asText().equals(id)) {
                return plugin;
            }
        }
        throw new AssertionError("no plugin " + id + " in " + list);
    }

    private List<String> pluginIds() throws Exception {
        List<String> ids = new ArrayList<>();
        json.readTree(launch("plugin", "list", "--format", "json").out()).get("plugins")
                .forEach(plugin -> ids.add(plugin.get("id").asText()));
        return ids;
    }

    private JsonNode health() throws Exception {
        Launched health = launch("health", "--format", "json");
        return json.readTree(health.out()).get("checks");
    }

    private List<Path> jarsInPluginFolder() throws Exception {
        try (Stream<Path> files = Files.list(home.resolve(".coi/plugins"))) {
            return files.filter(file -> file.toString().endsWith(".jar")).toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private record Launched(int exitCode, String out, String err) {
    }

    /** bin/coi as a user runs it, in this test's home, with no terminal. */
    private Launched launch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        Path out = home.resolve("stdout");
        Path err = home.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command).directory(fixture.workspace.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("HOME", home.toString());
        builder.environment().put("PATH", FIXED_PATH);
        builder.environment().put(ContainerNames.PREFIX_VARIABLE, fixture.prefix);
        builder.environment().remove("XDG_CONFIG_HOME");
        // ResidentIT tests the resident; one started here could still be writing in the home when it is removed
        builder.environment().put("COI_RESIDENT", "off");
        Process coi = builder.start();
        if (!coi.waitFor(180, TimeUnit.SECONDS)) {
            coi.destroyForcibly();
            throw new AssertionError("coi " + String.join(" ", args) + " did not finish within 180 s: " + Files.readString(err));
        }
        return new Launched(coi.exitValue(), Files.readString(out), Files.readString(err));
    }
}
