package dev.coi.kernel.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one {@link ForbiddenHosts} run has put on the host, written down before each piece is made, so that the
 * run's close, or a later run after this JVM crashed, can take all of it away again. One file per run in
 * {@value #DIRECTORY}, named {@code <pid>-<process start millis>-<run id>.ledger}: a run whose process is gone
 * (or whose pid now belongs to another process) is a leftover. The directory is shared by the runs of every user,
 * like {@code /tmp} (anyone may add a ledger, only its owner may remove it), so that a run as a normal user and
 * one as root see each other's live runs; a run undoes only the ledgers of its own user.
 *
 * <p>Each line is one undoable piece: {@code netns NAME}, {@code link NAME}, {@code table N}, {@code rule
 * PRIORITY}, {@code dir PATH}. They are undone last first.
 */
final class ForbiddenHostsLedger {

    static final String DIRECTORY = "/tmp/coi-forbidden-hosts-ledgers";

    private static final Pattern FILE_NAME = Pattern.compile("(\\d+)-(\\d+)-([0-9a-f]+)\\.ledger");

    private final Path file;

    private ForbiddenHostsLedger(Path file) {
        this.file = file;
    }

    /** A new, empty ledger for a run of this process. */
    static ForbiddenHostsLedger open(String runId) {
        ProcessHandle self = ProcessHandle.current();
        try {
            Path directory = sharedDirectory();
            Path file = directory.resolve(self.pid() + "-" + startMillis(self).orElse(0L) + "-" + runId + ".ledger");
            Files.writeString(file, "", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new ForbiddenHostsLedger(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the ledger of the forbidden hosts in " + DIRECTORY, e);
        }
    }

    /** Writes a piece down (durably) before it is made. */
    void record(String kind, String value) {
        try {
            Files.writeString(file, kind + " " + value + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND,
                    StandardOpenOption.DSYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the ledger " + file, e);
        }
    }

    /** Undoes every piece of this run, last first, and removes the ledger; what could not be undone is thrown. */
    void undoAll() {
        List<String> failures = undo(file);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the forbidden hosts left pieces behind (ledger " + file + "):\n"
                    + String.join("\n", failures));
        }
    }

    /**
     * Removes everything of runs whose process is gone: their ledgers' pieces, and network namespaces named like
     * the forbidden hosts' that no live run owns.
     */
    static void sweepLeftovers() {
        Path directory = Path.of(DIRECTORY);
        List<String> liveRuns = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path ledger : files.sorted().toList()) {
                    Matcher name = FILE_NAME.matcher(ledger.getFileName().toString());
                    if (!name.matches()) {
                        continue;
                    }
                    if (isAlive(Long.parseLong(name.group(1)), Long.parseLong(name.group(2)))) {
                        liveRuns.add(name.group(3));
                    } else if (!mine(ledger)) {
                        System.err.println("ForbiddenHosts: leaving the leftovers of an earlier run of another user"
                                + " to that user (" + ledger + "); its network namespaces are removed all the same");
                    } else {
                        System.err.println("ForbiddenHosts: removing the leftovers of an earlier run (" + ledger + ")");
                        undo(ledger).forEach(failure -> System.err.println("  " + failure));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + directory, e);
            }
        }
        for (String namespace : namespaces()) {
            boolean owned = liveRuns.stream().anyMatch(run -> namespace.startsWith(ForbiddenHosts.NETNS_PREFIX + run + "-"));
            if (namespace.startsWith(ForbiddenHosts.NETNS_PREFIX) && !owned) {
                System.err.println("ForbiddenHosts: removing the leftover network namespace " + namespace);
                deleteNamespace(namespace).ifPresent(failure -> System.err.println("  " + failure));
            }
        }
    }

    private static List<String> undo(Path ledger) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(ledger));
        } catch (IOException e) {
            return List.of("could not read " + ledger + ": " + e.getMessage());
        }
        List<String> failures = new ArrayList<>();
        for (String line : lines.reversed()) {
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            undoPiece(line.substring(0, space), line.substring(space + 1)).ifPresent(failures::add);
        }
        if (failures.isEmpty()) {
            try {
                Files.deleteIfExists(ledger);
            } catch (IOException e) {
                failures.add("could not delete " + ledger + ": " + e.getMessage());
            }
        }
        return failures;
    }

    private static Optional<String> undoPiece(String kind, String value) {
        return switch (kind) {
            case "netns" -> deleteNamespace(value);
            case "link" -> linkExists(value) ? failureOf(HostCommand.attemptAsRoot("ip", "link", "delete", value))
                    : Optional.empty();
            case "rule" -> {
                // one `ip rule del` per rule of that priority: there is one unless a crash came between two adds
                for (int i = 0; i < 4 && HostCommand.run("ip", "rule", "show").lines()
                        .anyMatch(rule -> rule.startsWith(value + ":")); i++) {
                    Optional<String> failure = failureOf(HostCommand.attemptAsRoot("ip", "rule", "del", "priority",
                            value));
                    if (failure.isPresent()) {
                        yield failure;
                    }
                }
                yield Optional.empty();
            }
            case "table" -> tableIsEmpty(value) ? Optional.empty()
                    : failureOf(HostCommand.attemptAsRoot("ip", "route", "flush", "table", value));
            case "dir" -> deleteTree(Path.of(value));
            default -> Optional.of("unknown ledger entry " + kind + " " + value);
        };
    }

    /** Stops what runs inside the namespace, then deletes it; its veth pair goes with it. */
    private static Optional<String> deleteNamespace(String namespace) {
        if (!namespaces().contains(namespace)) {
            return Optional.empty();
        }
        List<String> pids = HostCommand.runAsRoot("ip", "netns", "pids", namespace).lines().map(String::strip)
                .filter(pid -> !pid.isEmpty()).toList();
        if (!pids.isEmpty()) {
            // its processes run as root: killed with root's rights, from inside the namespace (same pids)
            List<String> kill = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "kill", "-KILL"));
            kill.addAll(pids);
            HostCommand.attemptAsRoot(kill.toArray(String[]::new));
        }
        return failureOf(HostCommand.attemptAsRoot("ip", "netns", "delete", namespace));
    }

    /** An empty table is one that does not exist: {@code ip route show table N} then fails. */
    static boolean tableIsEmpty(String table) {
        HostCommand.Result routes = HostCommand.attempt("ip", "route", "show", "table", table);
        return !routes.succeeded() || routes.output().isBlank();
    }

    static List<String> namespaces() {
        return HostCommand.run("ip", "netns", "list").lines().map(line -> line.split(" ")[0])
                .filter(name -> !name.isBlank()).toList();
    }

    /**
     * The directory of every user's ledgers: sticky and writable by all. Its owner could swap the ledgers in it,
     * which say what a run deletes with root's rights, so it must be root or this user: root takes over one that a
     * normal user made (not following a link), and a normal user refuses one of another normal user.
     */
    private static Path sharedDirectory() throws IOException {
        Path directory = Path.of(DIRECTORY);
        Files.createDirectories(directory);
        String user = System.getProperty("user.name");
        PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (user.equals("root") && !view.getOwner().getName().equals("root")) {
            view.setOwner(directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root"));
        }
        String owner = view.getOwner().getName();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) || !(owner.equals("root") || owner.equals(user))) {
            throw new IllegalStateException(DIRECTORY + " belongs to " + owner + " or is no directory: the"
                    + " forbidden hosts keep their ledgers there; give it to root (sudo chown root " + DIRECTORY
                    + ") or remove it when no network test runs");
        }
        if (owner.equals(user)) {
            HostCommand.run("chmod", "1777", DIRECTORY);
        }
        return directory;
    }

    /** Not even root undoes another user's ledger: anyone can write one, and a {@code dir} in it gets deleted. */
    private static boolean mine(Path ledger) throws IOException {
        return Files.getOwner(ledger, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
    }

    private static boolean linkExists(String name) {
        return HostCommand.attempt("ip", "link", "show", "dev", name).succeeded();
    }

    private static Optional<String> deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("could not delete " + directory + ": " + e.getMessage());
        }
    }

    private static Optional<String> failureOf(HostCommand.Result result) {
        return result.succeeded() ? Optional.empty()
                : Optional.of(String.join(" ", result.command()) + ": " + result.output().strip());
    }

    private static boolean isAlive(long pid, long startMillis) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(process -> startMillis(process).map(start -> start == startMillis).orElse(true)).orElse(false);
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(instant -> instant.toEpochMilli());
    }
}
