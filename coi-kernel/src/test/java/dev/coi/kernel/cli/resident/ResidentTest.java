package dev.coi.kernel.cli.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coi.kernel.cli.Coi;
import dev.coi.kernel.cli.resident.WireClient.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real resident on a real unix socket, spoken to as the C client does; no Incus needed. */
class ResidentTest {

    private static final String VERSION = "coi version 9.9.9 (commit abc1234)";
    private static final Duration LONG = Duration.ofMinutes(5);
    /** A uid no one on a test machine uses. */
    private static final int OTHER_UID = 64123;

    @TempDir
    Path home;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final AtomicBoolean installationChanged = new AtomicBoolean();
    private ResidentAddress address;

    @BeforeEach
    void address() {
        address = ResidentAddress.of(home.resolve(".coi"), Path.of("/opt/coi"));
    }
    private CompletableFuture<Boolean> running;

    @AfterEach
    void stopIt() throws Exception {
        if (running != null && !running.isDone()) {
            Files.deleteIfExists(address.socket());
            running.get();
        }
    }

    @Test
    void runsAServedCommandWithTheClientsEnvironmentAndSendsItsOutputAndExitCode() throws Exception {
        start(LONG);
        Path nowhere = home.resolve("no-incus.socket");

        Answer version = ask(List.of("version"));
        Answer exists = WireClient.send(address.socket(), VERSION, home, "---", List.of("container", "exists", "x"),
                Map.of("HOME", home.toString(), "INCUS_SOCKET", nowhere.toString(), "NO_COLOR", "1"));

        assertEquals("AOX", version.types(), "accepted, output, exit");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("code-on-incus (coi) v"), version.out());
        assertEquals(1, exists.exitCode());
        assertTrue(exists.err().contains(nowhere.toString()), "the request's INCUS_SOCKET is used: " + exists.err());
    }

    @Test
    void errorsCarryColorsOnlyWhenStandardErrorIsATerminalToo() throws Exception {
        start(LONG);
        Map<String, String> variables = Map.of("HOME", home.toString(), "TERM", "xterm",
                "INCUS_SOCKET", home.resolve("no-incus.socket").toString());
        List<String> args = List.of("container", "exists", "x");

        Answer allTerminals = WireClient.send(address.socket(), VERSION, home, "ttt", args, variables);
        Answer errorRedirected = WireClient.send(address.socket(), VERSION, home, "tt-", args, variables);

        assertTrue(allTerminals.err().contains("\u001b["), "a terminal gets colors: " + allTerminals.err());
        assertEquals(1, errorRedirected.exitCode());
        assertTrue(errorRedirected.err().startsWith("Error: "), errorRedirected.err());
        assertFalse(errorRedirected.err().contains("\u001b"), "standard error is a file: " + errorRedirected.err());
    }

    @Test
    void sendsTheClientBackForCommandsItDoesNotServe() throws Exception {
        start(LONG);

        for (List<String> args : List.<List<String>>of(List.of("shell"), List.of(), List.of("list", "--help"),
                List.of("list", "--no-such-flag"), List.of("run", "--", "true"))) {
            Answer answer = ask(args);
            assertEquals("F", answer.types(), "for " + args);
            assertEquals(-1, answer.exitCode());
        }
        assertFalse(running.isDone());
    }

    @Test
    void servesOnlyCommandsThatNeedNothingButTheirEnvironment() {
        assertTrue(Coi.servedByResident("list"));
        assertTrue(Coi.servedByResident("--profile", "p", "list", "--format", "json"));
        assertTrue(Coi.servedByResident("container", "exec", "c", "--capture", "--", "true"));
        assertTrue(Coi.servedByResident("container", "running", "c"));
        assertTrue(Coi.servedByResident("candidates", "profiles"));
        assertFalse(Coi.servedByResident("container", "stop", "c"));
        assertFalse(Coi.servedByResident("attach"));
        assertFalse(Coi.servedByResident("health"));
        assertTrue(Coi.servedByResident("shell", "--background", "--network=restricted"));
        assertFalse(Coi.servedByResident("shell", "--background=false"), "attaches");
        assertFalse(Coi.servedByResident("shell", "--background=true"), "the client sends the whole environment only"
                + " with the exact word --background");
        assertFalse(Coi.servedByResident("shell", "--background", "--help"));
    }

    @Test
    void aClientOnATerminalInAFolderWithAWorkspaceConfigIsSentBackSoThatItsJvmCanAskForConsent() throws Exception {
        start(LONG);
        Files.writeString(home.resolve(".coi.toml"), "[network]\nmode = \"open\"\n");
        Map<String, String> variables = Map.of("HOME", home.toString(), "INCUS_SOCKET",
                home.resolve("no-incus.socket").toString());
        List<String> args = List.of("container", "exists", "x");

        Answer onATerminal = WireClient.send(address.socket(), VERSION, home, "ttt", args, variables);
        Answer fromAScript = WireClient.send(address.socket(), VERSION, home, "-tt", args, variables);

        assertEquals("F", onATerminal.types());
        assertEquals(1, fromAScript.exitCode(), "without a terminal nobody could answer a question anyway");
    }

    @Test
    void aClientOfAnotherBuildIsSentBackAndTheResidentEnds() throws Exception {
        start(LONG);

        Answer answer = WireClient.send(address.socket(), "coi version 10.0.0 (commit def5678)", home, "---",
                List.of("version"), Map.of("HOME", home.toString()));

        assertEquals("F", answer.types());
        assertTrue(ended().get());
        assertFalse(Files.exists(address.socket()), "its socket is removed");
        assertTrue(log().contains("another build"), log());
    }

    @Test
    void aClientOfAnotherProtocolIsSentBackAndTheResidentEnds() throws Exception {
        start(LONG);

        Answer answer = WireClient.send(address.socket(), "coi-resident 1", VERSION, home, "---", List.of("version"),
                Map.of("HOME", home.toString()), true);

        assertEquals("F", answer.types());
        assertTrue(ended().get());
        assertTrue(log().contains("another protocol"), log());
    }

    /** A client that gave up waiting for "accepted" runs the command in coi-jvm: the resident must not too. */
    @Test
    void aCommandRunsOnlyAfterTheClientsGo() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        start(new Resident(address, new Resident.Handler() {
            @Override
            public boolean takes(ResidentRequest request, Resident resident) {
                return true;
            }

            @Override
            public void run(ResidentRequest request, Frames frames) throws IOException {
                runs.incrementAndGet();
                frames.exit(0);
            }
        }, installationChanged::get, LONG, Clock.systemUTC(), new PrintStream(log, true, StandardCharsets.UTF_8)));

        Answer left = WireClient.send(address.socket(), ResidentRequest.PROTOCOL, VERSION, home, "---",
                List.of("version"), Map.of(), false);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            while (!log().contains("went away before its command started")) {
                Thread.onSpinWait();
            }
        });
        Answer stayed = ask(List.of("version"));

        assertEquals("A", left.types());
        assertEquals("AX", stayed.types());
        assertEquals(1, runs.get(), "only the command of the client that said go ran");
    }

    /**
     * The resident compares the peer's principal with its own: with the JDK's unix principals that is a comparison
     * of uids, so a user who shares another's name (or whose uid has no name) is still another user.
     */
    @Test
    void userPrincipalsAreEqualByUidNotByName() throws Exception {
        UserPrincipal self = Files.getOwner(Path.of("/proc/self"));
        Path file = Files.createFile(home.resolve("mine"));
        int uid = (Integer) Files.getAttribute(file, "unix:uid");
        UserPrincipal byNumber = home.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(Integer.toString(uid));
        UserPrincipal sameName = self::getName;

        assertEquals(self, Files.getOwner(file));
        assumeTrue(!byNumber.getName().equals(self.getName()), "a user is named " + uid);
        assertEquals(self, byNumber, "the same uid, another name");
        assertNotEquals(self, sameName, "the same name, no uid");
    }

    /** The folder is the user's alone; were it not, the resident still answers only its own uid. */
    @Test
    void aPeerOfAnotherUidIsRefused() throws Exception {
        assumeTrue((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0,
                "only root can connect as another user");
        start(LONG);
        for (Path reachable = address.socket().getParent(); !reachable.equals(home.getParent());
             reachable = reachable.getParent()) {
            Files.setPosixFilePermissions(reachable, PosixFilePermissions.fromString("rwx--x--x"));
        }
        Files.setPosixFilePermissions(address.socket(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Path client = Files.writeString(Files.createTempDirectory("coi-resident-peer").resolve("Peer.java"), """
                import java.io.DataOutputStream;
                import java.net.StandardProtocolFamily;
                import java.net.UnixDomainSocketAddress;
                import java.nio.channels.Channels;
                import java.nio.channels.SocketChannel;
                import java.nio.charset.StandardCharsets;

                class Peer {
                    public static void main(String[] args) throws Exception {
                        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                            channel.connect(UnixDomainSocketAddress.of(args[0]));
                            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(channel));
                            byte[] answer;
                            // the resident may close before the request is written (a broken pipe) or after it
                            try {
                                for (String text : new String[] {"%s", "%s", "/", "---"}) {
                                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                                    out.writeInt(bytes.length);
                                    out.write(bytes);
                                }
                                out.writeInt(1);
                                out.writeInt(7);
                                out.write("version".getBytes(StandardCharsets.UTF_8));
                                out.writeInt(0);
                                out.flush();
                                answer = Channels.newInputStream(channel).readAllBytes();
                            } catch (java.io.IOException closedUnread) {
                                answer = new byte[0];
                            }
                            System.out.println("connected, answer of " + answer.length + " bytes");
                        }
                    }
                }
                """.formatted(ResidentRequest.PROTOCOL, VERSION));
        Files.setPosixFilePermissions(client.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));
        Process peer = new ProcessBuilder("setpriv", "--reuid=" + OTHER_UID, "--regid=" + OTHER_UID,
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", client.toString(), address.socket().toString())
                .redirectErrorStream(true).start();
        String said = new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(peer.waitFor(60, TimeUnit.SECONDS));
        assertEquals("connected, answer of 0 bytes\n", said, "it reached the resident and got nothing");
        assertTrue(log().contains("refused a request of another user"), log());
    }

    @Test
    void endsWhenIdleForItsLimit() throws Exception {
        start(Duration.ZERO);

        assertTrue(ended().get());
        assertTrue(log().contains("no request for"), log());
    }

    @Test
    void endsWhenItsSocketIsRemovedAsWithTheCoiHome() throws Exception {
        start(LONG);

        Files.delete(address.socket());

        assertTrue(ended().get());
        assertTrue(log().contains("was removed"), log());
    }

    @Test
    void endsWhenTheInstallationChanges() throws Exception {
        start(LONG);

        installationChanged.set(true);

        assertTrue(ended().get());
        assertTrue(log().contains("upgraded or removed"), log());
    }

    @Test
    void aSecondResidentOfTheSameAddressServesNothing() throws Exception {
        start(LONG);

        assertFalse(resident(LONG).run());
        assertEquals(0, ask(List.of("version")).exitCode());
    }

    @Test
    void makesTheSocketFolderItsUsersOnly() throws Exception {
        Files.createDirectories(address.socket().getParent(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        start(LONG);

        assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(address.socket().getParent())));
    }

    @Test
    void theSocketPathIsTheOneTheClientComputes() {
        assertEquals("811c9dc5", ResidentAddress.hash(""));
        assertEquals("e40c292c", ResidentAddress.hash("a"));
        ResidentAddress computed = ResidentAddress.of(Path.of("/home/u/.coi"), Path.of("/opt/coi"));
        assertEquals(Path.of("/home/u/.coi/run/resident-" + ResidentAddress.hash("/opt/coi") + ".sock"),
                computed.socket());
        assertTrue(computed.fits());
        assertFalse(ResidentAddress.of(Path.of("/" + "h".repeat(100) + "/.coi"), Path.of("/opt/coi")).fits());
    }

    private void start(Duration idleLimit) throws Exception {
        start(resident(idleLimit));
    }

    private void start(Resident resident) throws Exception {
        running = CompletableFuture.supplyAsync(() -> {
            try {
                return resident.run();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            // the socket file appears before the socket listens; the log line comes after
            while (!log().contains("resident started") && !running.isDone()) {
                Thread.onSpinWait();
            }
        });
    }

    private Resident resident(Duration idleLimit) {
        return new Resident(address, new ResidentCommands(VERSION), installationChanged::get, idleLimit,
                Clock.systemUTC(), new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private Answer ask(List<String> args) throws IOException {
        return WireClient.send(address.socket(), VERSION, home, "---", args,
                Map.of("HOME", home.toString(), "NO_COLOR", "1"));
    }

    private CompletableFuture<Boolean> ended() {
        return running.orTimeout(30, TimeUnit.SECONDS);
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }
}
