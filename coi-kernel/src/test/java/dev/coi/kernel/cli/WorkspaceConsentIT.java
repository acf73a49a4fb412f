package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.TestImage;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.sessions.ContainerNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real Incus daemon: a workspace's {@code .coi.toml} that loosens the sandbox stops {@code coi run} and
 * {@code coi shell} before any container exists when nobody at a terminal consented, and a stored consent lets
 * them go on. {@code --persistent} keeps every container coi would make, so that none could go unseen.
 */
class WorkspaceConsentIT {

    private static final String OPEN = "[network]\nmode = \"open\"\n";

    @TempDir
    Path home;

    private IncusClient incus;
    private String prefix;
    private String image;
    private Map<String, String> environment;

    @BeforeEach
    void setUp() throws Exception {
        incus = IncusClient.local(null);
        image = TestImage.alias(incus);
        prefix = TestInstances.PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4)
                + "-";
        environment = Map.of(ContainerNames.PREFIX_VARIABLE, prefix);
        Files.writeString(home.resolve(".coi.toml"), OPEN);
    }

    @AfterEach
    void tearDown() {
        containers().forEach(incus::deleteForcibly);
    }

    private List<String> containers() {
        return incus.instances().stream().map(Instance::name).filter(name -> name.startsWith(prefix)).toList();
    }

    @Test
    void withoutConsentNothingIsCreated() {
        for (List<String> command : List.of(List.of("run", "--persistent", "--image", image, "--", "true"),
                List.of("shell", "--persistent", "--background", "--image", image))) {
            CliRun run = CliRun.of(home, environment, command.toArray(String[]::new));

            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().startsWith("Error: " + home.resolve(".coi.toml") + " loosens the sandbox and there"
                    + " is no terminal to ask you on; nothing was created:"), run::toString);
            assertTrue(run.err().contains("network.mode = \"open\" (instead of \"restricted\")"), run::toString);
            assertEquals(List.of(), containers(), run::toString);
        }
        assertFalse(Files.exists(home.resolve(".coi")), "no saved session, no approval");
    }

    @Test
    void aStoredConsentLetsTheSameCommandMakeItsContainer() throws Exception {
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(OPEN.getBytes(StandardCharsets.UTF_8)));
        Files.createDirectories(home.resolve(".coi"));
        Files.writeString(home.resolve(".coi/trusted-workspaces.json"), "{\"" + home + "\": \"" + sha256 + "\"}");

        CliRun run = CliRun.of(home, environment, "run", "--persistent", "--image", image, "--", "true");

        assertFalse(run.err().contains("loosens the sandbox"), run::toString);
        assertEquals(1, containers().size(), run::toString);
    }
}
