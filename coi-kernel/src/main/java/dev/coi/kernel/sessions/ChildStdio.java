package dev.coi.kernel.sessions;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the standard streams of a child process coi starts go. A real coi process hands its own terminal and
 * streams to the child; coi run in memory (tests) copies the child's output into its writers and gives it no
 * input.
 */
public final class ChildStdio {

    private final PrintWriter out;
    private final PrintWriter err;

    private ChildStdio(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /**
     * The child shares this process's standard input, output and error.
     *
     * @return the choice
     */
    public static ChildStdio inherit() {
        return new ChildStdio(null, null);
    }

    /**
     * The child's output is copied into these writers; its input is empty.
     *
     * @param out receives its standard output
     * @param err receives its standard error
     * @return the choice
     */
    public static ChildStdio copyTo(PrintWriter out, PrintWriter err) {
        return new ChildStdio(Objects.requireNonNull(out, "out"), Objects.requireNonNull(err, "err"));
    }

    public boolean inherits() {
        return out == null;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    /** Whether the child would get a terminal as its standard input. */
    public boolean inputIsTerminal() {
        if (!inherits()) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
