package dev.coi.kernel.base;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How coi starts a background process of its own (the keeper, the resident coi) that outlives the command: in a
 * session of its own, so that the terminal's signals never reach it, and as a grandchild. A child that lives on
 * costs the command its exit: the JVM's thread that waits for the child sits in native code, and a JVM that exits
 * waits up to 300 ms for such threads. {@code setsid --fork} forks and returns at once, and the child's waiter
 * with it.
 */
public final class Detached {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Detached() {
    }

    /** The words that go before the command; none where {@code setsid} is missing (it then runs as a child). */
    public static List<String> prefix() {
        return Files.isExecutable(SETSID) ? List.of(SETSID.toString(), "--fork") : List.of();
    }
}
