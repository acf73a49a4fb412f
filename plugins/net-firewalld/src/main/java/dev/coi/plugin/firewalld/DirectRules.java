package dev.coi.plugin.firewalld;

import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import dev.coi.api.PortException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** firewalld's runtime direct rules: read all, add one, remove one, each a single firewall-cmd call. */
final class DirectRules {

    private final FirewallCommand firewall;

    DirectRules(FirewallCommand firewall) {
        this.firewall = firewall;
    }

    List<DirectRule> all(HostCommands host) {
        CommandResult result = firewall.run(host, List.of("--direct", "--get-all-rules"));
        if (!result.succeeded()) {
            throw new PortException("could not read firewalld's direct rules: " + message(result)
                    + "; check that firewalld runs: firewall-cmd --state");
        }
        return result.stdout().lines().map(DirectRule::parse).flatMap(Optional::stream).toList();
    }

    /**
     * Adds the rule.
     *
     * @return false when firewalld had it already, so it is not this call's to take back
     * @throws PortException with firewall-cmd's message when firewalld refused it
     */
    boolean add(DirectRule rule, HostCommands host) {
        CommandResult result = firewall.run(host, command("--add-rule", rule));
        // firewalld 1.x warns and exits 0; older versions exit with the error code: the text is what both share.
        if (says(result, "ALREADY_ENABLED")) {
            return false;
        }
        if (!result.succeeded()) {
            throw new PortException("firewalld refused the rule '" + rule + "': " + message(result));
        }
        return true;
    }

    /** Removes the rule; one that is gone already (another coi removed it) is fine. */
    void remove(DirectRule rule, HostCommands host) {
        CommandResult result = firewall.run(host, command("--remove-rule", rule));
        if (!result.succeeded() && !says(result, "NOT_ENABLED")) {
            throw new PortException("could not remove the firewalld rule '" + rule + "': " + message(result)
                    + "; remove it by hand: firewall-cmd --direct --remove-rule " + rule);
        }
    }

    private static List<String> command(String action, DirectRule rule) {
        return Stream.concat(Stream.of("--direct", action), rule.words().stream()).toList();
    }

    private static boolean says(CommandResult result, String code) {
        return result.stderr().contains(code) || result.stdout().contains(code);
    }

    /** firewall-cmd's own words on one line (iptables-restore's complaint spans several). */
    private static String message(CommandResult result) {
        String text = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip();
        return text.isEmpty() ? "firewall-cmd exited with " + result.exitCode() : String.join(" ", text.lines()
                .map(String::strip).filter(line -> !line.isEmpty()).toList());
    }
}
