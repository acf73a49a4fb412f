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
 * network connection, critical), a download piped into a shell (high), and a hunt for secrets (warning): a read of
 * another process's environment or of a credential file, a recursive search for key-like words through the system
 * rather than the project, the environment filtered for them. Read from the process's own arguments,
 * which the host sees as they are: a shell redirecting to {@code /dev/tcp}, netcat or socat handing a connection
 * to a program, an interpreter's one-liner joining a socket to a shell; and a shell started with {@code -i} but
 * without a terminal, which talks to something else than a person, as the shell of a reverse shell does. Mentioning
 * these things (a {@code grep} for {@code /dev/tcp}) is not doing them: only the program's own role counts.
 */
final class ProcessPatterns {

    static final String REVERSE_SHELL = "reverse-shell";
    static final String DOWNLOAD_AND_RUN = "download-and-run";
    static final String SECRET_SEARCH = "secret-search";

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
    /** Programs that hand a file's content on. */
    private static final Set<String> READERS = Set.of("cat", "tac", "strings", "xxd", "od", "hexdump", "head",
            "tail", "less", "more", "base64", "base32", "cp", "scp", "tar", "zip", "gzip", "dd", "tr", "sed", "awk",
            "grep", "egrep", "rg");
    /** Another process's environment, or a file that holds a credential in a home or the system. */
    private static final Pattern SECRET_FILE = Pattern.compile("/proc/([0-9]+|self|\\*|\\$\\w+)/environ"
            + "|(.*/)?\\.(ssh/id_\\w+|aws/credentials|git-credentials|netrc|docker/config\\.json|kube/config|npmrc"
            + "|pypirc|claude/\\.credentials\\.json|codex/auth\\.json|config/gh/hosts\\.yml)|/etc/g?shadow");
    private static final Set<String> SEARCHERS = Set.of("grep", "egrep", "rg", "ag", "ack");
    private static final Pattern SECRET_WORD = Pattern.compile(
            "api[_-]?key|secret|token|passw(or)?d|private[ _-]key|access[_-]?key|credential", Pattern.CASE_INSENSITIVE);
    /** Where a search is a hunt through the machine rather than the project. */
    private static final Pattern SYSTEM_PLACE = Pattern.compile("(/|/home/?.*|/root/?.*|/etc/?|/proc/?.*|/var/?|"
            + "/run/?|~/?|\\$HOME/?)");
    /** A shell filtering its environment for key-like names: {@code env | grep -i token}. */
    private static final Pattern ENVIRONMENT_SCAN = Pattern.compile(
            "\\b(env|printenv|set|export -p)\\s*\\|\\s*(e?grep|rg)\\b[^|;&]*(" + SECRET_WORD.pattern() + ")",
            Pattern.CASE_INSENSITIVE);

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
        if (secretSearch(program, args, text)) {
            findings.add(new Finding(SECRET_SEARCH, ThreatLevel.WARNING, "a search for secrets: " + shortened(text)));
        }
        return findings;
    }

    private static boolean secretSearch(String program, List<String> args, String text) {
        if (READERS.contains(program) && args.stream().skip(1).anyMatch(arg -> SECRET_FILE.matcher(arg).matches())) {
            return true;
        }
        if (SEARCHERS.contains(program) && (program.equals("rg") || program.equals("ag") || program.equals("ack")
                || args.stream().skip(1).anyMatch(ProcessPatterns::recursive))) {
            List<String> operands = args.stream().skip(1).filter(arg -> !arg.startsWith("-")).toList();
            return operands.stream().anyMatch(arg -> SECRET_WORD.matcher(arg).find())
                    && operands.stream().anyMatch(arg -> SYSTEM_PLACE.matcher(arg).matches());
        }
        return SHELLS.contains(program) && ENVIRONMENT_SCAN.matcher(text).find();
    }

    /** {@code -r}, {@code -R}, {@code --recursive}, or either among other single-letter options ({@code -rn}). */
    private static boolean recursive(String arg) {
        return arg.equals("--recursive") || arg.startsWith("-") && !arg.startsWith("--")
                && (arg.indexOf('r') > 0 || arg.indexOf('R') > 0);
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

    static String program(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    static String shortened(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
