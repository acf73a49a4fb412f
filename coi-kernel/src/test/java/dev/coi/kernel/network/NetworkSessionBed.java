package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceState;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionTestImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real {@code coi} sessions for the network tests: a home and workspace of their own, coi run in real terminals
 * ({@link CoiTerminal}) with a container prefix given by the test class, the stub-claude image (or the one named
 * by {@code -Dcoi.it.sessionImage=ALIAS}), and the Incus client to probe from inside. Closing it kills the
 * terminals and deletes every container with its prefix, whatever the test left.
 */
final class NetworkSessionBed implements AutoCloseable {

    /** From {@code coi shell --background} to its exit: the first start of a big image is slow. */
    static final Duration START = Duration.ofMinutes(3);
    /** For a session to end, or a coi command to run to its end. */
    static final Duration END = Duration.ofMinutes(2);

    /** For a started container to get its address. */
    private static final Duration ADDRESS = Duration.ofSeconds(30);
    /** The uid of the workspace's owner, as in the session tests: a non-root user's project. */
    private static final int HOST_UID = 1000;

    final IncusClient incus;
    final String image;
    final String prefix;
    final Path home;
    final Path workspace;
    final Map<String, String> environment = new HashMap<>();
    final List<String> jvmOptions = new ArrayList<>();
    private final List<CoiTerminal> terminals = new ArrayList<>();

    NetworkSessionBed(Path root, String prefix) {
        this(root, prefix, IncusClient.local(null));
    }

    /**
     * @param incus the client of the Incus project the sessions run in, which the user's configuration must name
     *              ({@code incus.project}) when it is not the default one
     */
    NetworkSessionBed(Path root, String prefix, IncusClient incus) {
        this.incus = incus;
        String given = System.getProperty("coi.it.sessionImage", "");
        this.image = given.isBlank() ? SessionTestImage.alias(IncusClient.local(null)) : given;
        this.prefix = prefix;
        this.home = root.resolve("home");
        this.workspace = root.resolve("workspace");
        try {
            Files.createDirectories(home);
            Files.createDirectories(workspace);
            if ("root".equals(System.getProperty("user.name"))) {
                Files.setAttribute(workspace, "unix:uid", HOST_UID);
                Files.setAttribute(workspace, "unix:gid", HOST_UID);
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        environment.put(ContainerNames.PREFIX_VARIABLE, prefix);
        if (BackendRules.named()) {
            environment.put("COI_NETWORK_BACKEND", BackendRules.underTest().name());
        }
    }

    /** Writes the user's configuration file ({@code ~/.config/coi/config.toml}). */
    /** Allowlist mode with these entries, its names resolved through the given DNS server. */
    void allowlistAsking(String dnsServer, String... allowed) {
        userConfig("[network]\nmode = \"allowlist\"\nallowed_domains = ["
                + Stream.of(allowed).map(entry -> "\"" + entry + "\"").collect(Collectors.joining(", "))
                + "]\ndns_servers = [\"" + dnsServer + "\"]\n");
    }

    void userConfig(String toml) {
        try {
            Path file = home.resolve(".config/coi/config.toml");
            Files.createDirectories(file.getParent());
            Files.writeString(file, toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CoiTerminal terminal() {
        CoiTerminal terminal = new CoiTerminal(home, workspace, environment, jvmOptions);
        terminals.add(terminal);
        return terminal;
    }

    /** Runs {@code coi ARGS...} to its end in a new terminal. */
    CoiTerminal run(Duration timeout, String... args) {
        CoiTerminal terminal = terminal().start(args);
        terminal.awaitExit(timeout);
        return terminal;
    }

    /** {@code coi shell --image <stub> --background ARGS...}; asserts it succeeded and returns the container. */
    String background(String... args) {
        List<String> all = new ArrayList<>(List.of("shell", "--image", image, "--background"));
        all.addAll(List.of(args));
        CoiTerminal terminal = run(START, all.toArray(String[]::new));
        assertEquals(0, terminal.awaitExit(END), terminal::history);
        String container = containerName(1);
        Instance instance = incus.instance(container)
                .orElseThrow(() -> new AssertionError("no container " + container + ":\n" + terminal.history()));
        if (!instance.isRunning()) {
            throw new AssertionError(container + " is not running: " + instance + "\n" + terminal.history());
        }
        awaitAddress(container);
        return container;
    }

    /** Waits until the container's eth0 has its IPv4 address (from DHCP, shortly after the start) and returns it. */
    String awaitAddress(String container) {
        String[] found = new String[1];
        Waiting.until(ADDRESS, () -> {
            found[0] = address(container);
            return found[0] != null;
        }, () -> container + " has no IPv4 address on eth0");
        return found[0];
    }

    private String address(String container) {
        return incus.instanceWithState(container).map(Instance::state)
                .map(state -> state.network().get("eth0"))
                .flatMap(eth0 -> eth0.addresses().stream().filter(address -> "inet".equals(address.family()))
                        .findFirst())
                .map(InstanceState.Address::address).orElse(null);
    }

    String containerName(int slot) {
        return new ContainerNames(prefix).name(workspace, slot);
    }

    ContainerProbe probe(String container) {
        return new ContainerProbe(incus, container);
    }

    List<String> containers() {
        return incus.instances().stream().map(Instance::name).filter(name -> name.startsWith(prefix)).toList();
    }

    void awaitGone(String container, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (incus.instance(container).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("container " + container + " still exists after " + timeout);
            }
            Waiting.pause();
        }
    }

    /**
     * Ends what the test left the way a user would ({@code coi kill --all --force}: coi removes the rules with the
     * containers), waits for the network keeper to see there is nothing left and exit, then deletes and ends
     * whatever is still there.
     */
    @Override
    public void close() {
        terminals.forEach(CoiTerminal::close);
        if (!containers().isEmpty()) {
            try (CoiTerminal kill = new CoiTerminal(home, workspace, environment, jvmOptions)) {
                kill.start("kill", "--all", "--force").awaitExit(END);
            } catch (RuntimeException | AssertionError e) {
                System.err.println("coi kill --all --force failed at the end of the test: " + e.getMessage());
            }
        }
        for (String name : containers()) {
            try {
                incus.deleteForcibly(name);
            } catch (IncusException e) {
                System.err.println("could not delete " + name + ": " + e.getMessage());
            }
        }
        Keepers.awaitEnd(home);
    }
}
