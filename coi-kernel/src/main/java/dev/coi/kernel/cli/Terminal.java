package dev.coi.kernel.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Decides whether output may carry colors: only on a terminal, never with {@code NO_COLOR} or a dumb terminal. */
public final class Terminal {

    private Terminal() {
    }

    /** Colors go to both streams (diagnostics on standard error, help and health on standard output). */
    public static boolean colors(Map<String, String> environment) {
        return colors(environment, isTerminal(1) && isTerminal(2));
    }

    /**
     * @param interactive whether standard output and standard error of the process the output goes to are
     *                    terminals (for the resident coi: its client's)
     */
    public static boolean colors(Map<String, String> environment, boolean interactive) {
        String noColor = environment.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        if ("dumb".equals(environment.get("TERM"))) {
            return false;
        }
        return interactive;
    }

    /**
     * Whether a status line may be rewritten in place on standard error: it is a terminal, and not a dumb one.
     * {@code NO_COLOR} does not matter here, the line carries no colors.
     */
    public static boolean liveStatus(Map<String, String> environment) {
        return liveStatus(environment, isTerminal(2));
    }

    /** @param errorIsTerminal whether standard error of the process the output goes to is a terminal */
    public static boolean liveStatus(Map<String, String> environment, boolean errorIsTerminal) {
        return errorIsTerminal && !"dumb".equals(environment.get("TERM"));
    }

    /** Whether standard output is a terminal that a view may be redrawn on in place. */
    public static boolean outputIsTerminal(Map<String, String> environment) {
        return isTerminal(1) && !"dumb".equals(environment.get("TERM"));
    }

    /** Whether a person can be asked a question: standard input and standard error are terminals. */
    public static boolean canAsk() {
        return isTerminal(0) && isTerminal(2);
    }

    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            // no /proc (macOS): the standard streams are most likely where input and output are
            return interactive();
        }
    }

    /**
     * Whether standard input and output are a terminal. Since JDK 22 {@link System#console()} returns a console
     * even when output is redirected and {@code Console.isTerminal()} tells the truth; coi compiles for JDK 21,
     * so that method is looked up at run time.
     */
    private static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
