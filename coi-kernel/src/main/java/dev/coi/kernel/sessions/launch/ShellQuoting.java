package dev.coi.kernel.sessions.launch;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns an argument vector into one POSIX shell command line that runs exactly that vector. */
public final class ShellQuoting {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private ShellQuoting() {
    }

    public static String quote(String argument) {
        if (SAFE.matcher(argument).matches()) {
            return argument;
        }
        return "'" + argument.replace("'", "'\"'\"'") + "'";
    }

    public static String join(List<String> argv) {
        return argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    }
}
