package dev.coi.plugin.monitor;

import dev.coi.api.ContainerProcess;
import dev.coi.api.ThreatLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The command lines that give away a hostile process: a reverse shell (a shell whose input and output are a
 * network connection, critical) and a download piped into a shell (high). Read from the process's own arguments,
 * which the host sees as they are: a shell redirecting to {@code /dev/tcp}, netcat or socat handing a connection
 * to a program, an interpreter's one-liner joining a socket to a shell; and a shell started with {@code -i} but
 * without a terminal, which talks to something else than a person, as the shell of a reverse shell does. Mentioning
 * these things (a {@code grep} for {@code /dev/tcp}) is not doing them: only the program's own role counts.
 */
final class ProcessPatterns {

    static final String REVERSE_SHELL = "reverse-shell";
    static final String DOWNLOAD_AND_RUN = "download-and-run";

    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ash", "ksh", "mksh", "fish");
    private static final Set<String> NETCATS = Set.of("nc", "ncat", "netcat", "nc.traditional", "nc.openbsd");
    private static final Set<String> INTERPRETERS = Set.of("python", "python2", "python3", "perl", "ruby", "php",
            "node", "lua");
    /** A shell's redirection to bash's network pseudo-files: {@code >& /dev/tcp/HOST/PORT}, {@code 5<>/dev/tcp/...}. */
    private static final Pattern DEV_TCP = Pattern.compile("[<>&]\\s*/dev/(tcp|udp)/");
    private static final Pattern SOCKET_SHELL = Pattern.compile(
            "socket.*(pty|subprocess|dup2|/bin/(ba)?sh|spawn|exec)|(pty|subprocess|dup2|/bin/(ba)?sh|spawn|exec).*socket",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern PIPED_DOWNLOAD = Pattern.compile(
            "\\b(curl|wget)\\b[^|;&]*\\|\\s*(sudo\\s+)?(\\S*/)?((ba|da|z|k)?sh|python3?|perl|ruby|node)\\b");

    /** What one detector found in one process. */
    record Finding(String detector, ThreatLevel level, String message) {
    }

    private ProcessPatterns() {
    }

    static List<Finding> check(ContainerProcess process) {
        List<String> args = process.commandLine();
        List<Finding> findings = new ArrayList<>();
        if (args.isEmpty()) {
            return findings;
        }
        String program = program(args.get(0));
        String text = process.commandText();
        if (reverseShell(program, args, text, process.hasTerminal())) {
            findings.add(new Finding(REVERSE_SHELL, ThreatLevel.CRITICAL, "a reverse shell: " + shortened(text)));
        } else if (SHELLS.contains(program) && PIPED_DOWNLOAD.matcher(text).find()) {
            findings.add(new Finding(DOWNLOAD_AND_RUN, ThreatLevel.HIGH, "a download run by a shell: "
                    + shortened(text)));
        }
        return findings;
    }

    private static boolean reverseShell(String program, List<String> args, String text, boolean hasTerminal) {
        if (SHELLS.contains(program) && DEV_TCP.matcher(text).find()) {
            return true;
        }
        if (SHELLS.contains(program) && !hasTerminal && args.stream().skip(1).anyMatch(ProcessPatterns::interactive)) {
            return true;
        }
        if (NETCATS.contains(program) || program.equals("busybox") && args.size() > 1 && program(args.get(1))
                .equals("nc")) {
            return args.stream().anyMatch(arg -> arg.equals("-e") || arg.equals("-c") || arg.startsWith("--exec")
                    || arg.startsWith("--sh-exec"));
        }
        if (program.equals("socat")) {
            String lower = text.toLowerCase(Locale.ROOT);
            return (lower.contains("exec:") || lower.contains("system:")) && lower.contains("tcp");
        }
        if (INTERPRETERS.contains(program.replaceAll("[0-9.]+$", "")) || INTERPRETERS.contains(program)) {
            return SOCKET_SHELL.matcher(text).find();
        }
        return false;
    }

    /** {@code -i}, alone or among other single-letter options ({@code -il}). */
    private static boolean interactive(String arg) {
        return arg.startsWith("-") && !arg.startsWith("--") && arg.indexOf('i') > 0 && !arg.contains("=");
    }

    private static String program(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static String shortened(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
