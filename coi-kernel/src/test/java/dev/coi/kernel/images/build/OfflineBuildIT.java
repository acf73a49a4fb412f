package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.incus.ImageInfo;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceSpec;
import dev.coi.kernel.incus.InstanceState;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusOperationException;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.plugin.debian.OfflineImageBuilder;
import dev.coi.plugin.debian.StepTime;
import dev.coi.plugin.debian.TestRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default coi image built offline ({@link OfflineTestImage}), imported into the real Incus and booted with
 * the settings coi gives its containers: user code, the tools, Docker inside, and an address by DHCP. Nothing
 * here reaches beyond this machine: the container only talks to its bridge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfflineBuildIT {

    private static final ExecOptions ROOT = ExecOptions.asRoot();
    private static final ExecOptions CODE = new ExecOptions(1000, 1000, "/home/code",
            Map.of("HOME", "/home/code", "USER", "code"));
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);

    private final IncusClient client = IncusClient.local(null);
    private final TestInstances instances = new TestInstances(client);
    private OfflineTestImage.Built image;
    private String container;

    @BeforeAll
    void buildImportAndBoot() {
        image = OfflineTestImage.get(client);
        container = instances.newName();
        long start = System.nanoTime();
        client.create(InstanceSpec.fromAlias(container, image.alias()).withStart(true).withConfig(Map.of(
                "security.nesting", "true",
                "security.syscalls.intercept.mknod", "true",
                "security.syscalls.intercept.setxattr", "true")));
        String state = waitFor("systemd to finish booting", () -> {
            String answer = run(ROOT, "systemctl", "is-system-running").stdout().strip();
            return answer.equals("running") || answer.equals("degraded") ? Optional.of(answer) : Optional.empty();
        });
        System.err.println("[coi-it] " + container + " booted (" + state + ") in "
                + StepTime.seconds(Duration.ofNanos(System.nanoTime() - start)) + "; build"
                + (image.reused() ? " (not this JVM's)" : "") + ": " + image.record().summary());
    }

    @AfterAll
    void deleteContainer() {
        instances.close();
    }

    @Test
    void theBuildTimedItsStepsWarnedAboutTheFailingToolAndLeftNothingBehind() {
        List<String> steps = image.record().steps().stream().map(StepTime::step).toList();
        assertTrue(steps.containsAll(List.of("debootstrap", "packages", "info", "tool-claude", "tool-failing-tool",
                "tool-marker-tool", "tar")), steps.toString());
        assertTrue(image.record().log().contains("[coi] WARNING: " + TestImageRecipe.FAILING_TOOL
                + " could not be installed: its step failed with exit code 3 (see above)"));
        assertFalse(Files.exists(image.record().workDir()), "the work directory was deleted");
        assertEquals(List.of(), TestRoots.mountsUnder(image.record().workDir()));
    }

    @Test
    void theImageSaysWhatItIs() {
        ImageInfo info = client.images().image(image.fingerprint()).orElseThrow();
        assertEquals(OfflineImageBuilder.DESCRIPTION, info.properties().get("description"));
        assertEquals("debian", info.properties().get("os"));
        assertEquals("bookworm", info.properties().get("release"));
        String coiImage = run(ROOT, "cat", "/etc/coi-image").stdout();
        assertTrue(coiImage.contains("base=\"debootstrap bookworm "), coiImage);
        assertTrue(coiImage.matches("(?s).*claude_code=\"\\d+\\.\\d+\\.\\d+\".*"), coiImage);
        // the Claude plugin's step added its line to a file that a shell still sources
        assertTrue(succeed(ROOT, "bash", "-c", ". /etc/coi-image && echo \"$node $claude_code\"")
                .matches("v\\d+\\.\\d+\\.\\d+ \\d+\\.\\d+\\.\\d+\n"), coiImage);
        assertEquals("installed", run(ROOT, "cat", TestImageRecipe.MARKER_FILE).stdout().strip());
    }

    @Test
    void codeIsUser1000WithPasswordlessSudoAndPowerCommands() {
        String id = succeed(ROOT, "id", "code");
        assertTrue(id.startsWith("uid=1000(code) gid=1000(code)"), id);
        assertTrue(id.contains("(sudo)") && id.contains("(docker)"), id);
        succeed(CODE, "sudo", "-n", "true");
        assertEquals("/usr/local/bin/poweroff", succeed(CODE, "bash", "-lc", "command -v poweroff").strip());
        assertTrue(succeed(ROOT, "cat", "/usr/local/bin/shutdown").contains("exec sudo /usr/sbin/shutdown \"$@\""));
        assertEquals("1000:1000 755", succeed(ROOT, "stat", "-c", "%u:%g %a", "/workspace").strip());
        assertEquals("1000:1000 700", succeed(ROOT, "stat", "-c", "%u:%g %a", "/home/code/.claude").strip());
        assertEquals("root:root 440", succeed(ROOT, "stat", "-c", "%U:%G %a", "/etc/sudoers.d/code").strip());
        assertEquals("code", succeed(CODE, "bash", "-lc", "whoami").strip());
    }

    @Test
    void theToolsRunForCode() {
        for (List<String> command : List.of(List.of("tmux", "-V"), List.of("git", "--version"),
                List.of("jq", "--version"), List.of("python3", "--version"), List.of("curl", "--version"),
                List.of("gh", "--version"), List.of("pipx", "--version"), List.of("make", "--version"),
                List.of("docker", "--version"))) {
            succeed(CODE, command.toArray(String[]::new));
        }
        Matcher node = Pattern.compile("^v(\\d+)\\.").matcher(succeed(CODE, "node", "--version"));
        assertTrue(node.find() && Integer.parseInt(node.group(1)) >= 18, node.toString());
        assertTrue(succeed(CODE, "claude", "--version").matches("(?s)\\d+\\.\\d+\\.\\d+.*"));
    }

    @Test
    void dockerRunsInsideTheContainer() {
        waitFor("the docker daemon", () -> {
            CommandResult info = run(ROOT, "docker", "info", "--format", "{{.ServerVersion}}");
            return info.succeeded() ? Optional.of(info.stdout().strip()) : Optional.empty();
        });
        assertEquals("active", succeed(ROOT, "systemctl", "is-active", "docker").strip());
        // code reaches the daemon without sudo, also through an exec that sets no supplementary groups
        succeed(CODE, "docker", "info", "--format", "{{.Driver}}");
        // and a container runs: an image made of the static ldconfig, nothing downloaded, no network
        succeed(CODE, "sh", "-c", "cd / && tar -c usr/sbin/ldconfig | docker import - coi-it-tiny");
        assertTrue(succeed(CODE, "docker", "run", "--rm", "--network", "none", "coi-it-tiny", "/usr/sbin/ldconfig",
                "--version").startsWith("ldconfig"));
    }

    @Test
    void coiBuildCustomBuildsOnTopOfIt(@TempDir Path home) throws Exception {
        Path script = Files.writeString(home.resolve("add-tool.sh"),
                "#!/bin/sh\nset -e\necho custom > /usr/local/share/coi-it-custom\nnode --version\n");
        String name = TestInstances.PREFIX + "custom-" + container.substring(TestInstances.PREFIX.length());
        CliRun build = CliRun.of(home, "build", "custom", name, "--script", script.toString(), "--base", image.alias());
        JsonNode result = new ObjectMapper().readTree(build.out().isBlank() ? "{}" : build.out());
        String fingerprint = result.path("fingerprint").asText("");
        try {
            assertEquals(0, build.exitCode(), build::toString);
            assertEquals(name, result.get("alias").asText());
            assertFalse(result.get("skipped").asBoolean());
            assertTrue(build.err().contains("v22."), "the script's output (node --version) streams to stderr: "
                    + build.err());

            String derived = instances.newName();
            client.create(InstanceSpec.fromAlias(derived, name).withStart(true));
            assertEquals("custom", waitFor("the derived container", () -> {
                CommandResult marker = runIn(derived, ROOT, "cat", "/usr/local/share/coi-it-custom");
                return marker.succeeded() ? Optional.of(marker.stdout().strip()) : Optional.empty();
            }));
            assertTrue(runIn(derived, CODE, "claude", "--version").succeeded());
        } finally {
            for (ImageInfo version : client.images().list()) {
                if (version.aliases().stream().anyMatch(alias -> alias.name().startsWith(name))
                        || version.fingerprint().equals(fingerprint)) {
                    client.images().delete(version.fingerprint());
                }
            }
        }
    }

    @Test
    void eth0GetsAnAddressOnTheBridgeByDhcp() {
        String address = waitFor("an IPv4 address on eth0", () -> client.instanceWithState(container)
                .map(Instance::state)
                .map(state -> state.network().get("eth0"))
                .flatMap(eth0 -> eth0.addresses().stream().filter(each -> each.family().equals("inet"))
                        .map(InstanceState.Address::address).findFirst()));
        String bridge = client.instance(container).orElseThrow().expandedDevices().get("eth0").get("network");
        String gateway = hostAddressOf(bridge);
        assertEquals(prefix(gateway), prefix(address), address + " is on " + bridge + " (" + gateway + ")");
        // dhclient, not a static set-up, put it there: its lease names the address, and it wrote resolv.conf
        assertTrue(succeed(ROOT, "cat", "/var/lib/dhcp/dhclient.eth0.leases").contains("fixed-address " + address));
        assertTrue(succeed(ROOT, "cat", "/etc/resolv.conf").contains("nameserver"));
        assertEquals(container, succeed(ROOT, "hostname").strip());
    }

    /** The bridge's own IPv4 address on the host, e.g. {@code 10.123.45.1}. */
    private static String hostAddressOf(String bridge) {
        String output;
        try {
            output = TestRoots.output(List.of("ip", "-4", "-o", "addr", "show", "dev", bridge));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Matcher inet = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/24").matcher(output);
        assertTrue(inet.find(), "the bridge " + bridge + " has a /24 IPv4 address: " + output);
        return inet.group(1);
    }

    private static String prefix(String address) {
        return address.substring(0, address.lastIndexOf('.'));
    }

    /**
     * Runs a command in the container. Incus 6.0 now and then fails an exec with "Failed to retrieve PID of
     * executing child process" while the machine is busy (seen here with other test runs going on, and in Incus
     * and LXD issues): such a run is tried again, up to three times.
     */
    private CommandResult run(ExecOptions options, String... command) {
        return runIn(container, options, command);
    }

    private CommandResult runIn(String instance, ExecOptions options, String... command) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.exec(instance, List.of(command), options, Duration.ofSeconds(60));
            } catch (IncusOperationException e) {
                if (attempt == 3 || !e.incusError().contains("Failed to retrieve PID of executing child process")) {
                    throw e;
                }
                System.err.println("[coi-it] " + command[0] + ": " + e.incusError() + "; trying again");
            }
        }
    }

    private String succeed(ExecOptions options, String... command) {
        CommandResult result = run(options, command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + ": " + result.stdout() + result.stderr());
        return result.stdout();
    }

    /** Asks again every quarter second until there is an answer, for at most {@link #BOOT_TIMEOUT}. */
    private static <T> T waitFor(String what, Supplier<Optional<T>> answer) {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (true) {
            Optional<T> value = answer.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + BOOT_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
