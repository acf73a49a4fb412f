package dev.coi.kernel.network;

import dev.coi.kernel.testing.SudoVerdict;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the network tests run the host commands that need root (network namespaces, veths, policy routes, sysctls,
 * firewalld): directly when the tests run as root, as in CI, and otherwise through {@code sudo -n}, the way coi
 * itself drives {@code firewall-cmd}. {@code scripts/setup-host.sh --ci} allows exactly {@link #COMMANDS} for the
 * user who ran it. Whether sudo allows them is found out once, before the first command, and a refusal fails every
 * caller with the same message naming that fix, instead of a failed {@code ip netns add} half-way.
 */
final class AsRoot {

    /** The commands the tests run as root, each with arguments that only print its version. */
    static final List<List<String>> COMMANDS = List.of(List.of("ip", "-V"), List.of("nsenter", "--version"),
            List.of("sysctl", "--version"), List.of("firewall-cmd", "--version"));

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private static final SudoVerdict SUDO = new SudoVerdict();

    private AsRoot() {
    }

    /**
     * The command as the host runs it with root's rights: unchanged as root, else behind {@code sudo -n}.
     *
     * @param command the program and its arguments
     * @return what to start
     */
    static List<String> command(String... command) {
        requireAllowed();
        return prefixed(ROOT, command);
    }

    static List<String> prefixed(boolean root, String... command) {
        return root ? List.of(command) : Stream.concat(Stream.of("sudo", "-n", "--"), Stream.of(command)).toList();
    }

    /** Fails, with the fix, unless this user may run every one of {@link #COMMANDS} as root. */
    static void requireAllowed() {
        SUDO.require(() -> ROOT ? null : refusal(COMMANDS.stream().filter(probe -> !allowed(probe)).toList()));
    }

    private static boolean allowed(List<String> probe) {
        try {
            return HostCommand.attemptUnchecked(prefixed(false, probe.toArray(String[]::new))).succeeded();
        } catch (UncheckedIOException noSudo) {
            return false;
        }
    }

    /**
     * What to tell a user whose sudo refused some of the commands, or null when it refused none.
     *
     * @param refused the probes sudo refused
     * @return the message
     */
    static String refusal(List<List<String>> refused) {
        if (refused.isEmpty()) {
            return null;
        }
        return "the network tests run " + String.join(", ", COMMANDS.stream().map(List::getFirst).toList())
                + " as root, through passwordless sudo when not run as root, and sudo -n refused "
                + String.join(", ", refused.stream().map(List::getFirst).toList()) + " for "
                + System.getProperty("user.name") + ": run sudo ./scripts/setup-host.sh --ci (it allows them for"
                + " the user who runs it), or run the tests as root";
    }
}
