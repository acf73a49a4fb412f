package dev.coi.plugin.firewalld;

import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * firewall-cmd's runtime direct-rule store as coi sees it through the command line: {@code --state},
 * {@code --get-all-rules}, {@code --add-rule} (warns ALREADY_ENABLED), {@code --remove-rule} (warns
 * NOT_ENABLED), as root or only through {@code sudo -n}.
 */
final class FakeFirewalld implements HostCommands {

    private final Set<String> rules = new LinkedHashSet<>();
    private final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
    private boolean root = true;
    private Predicate<String> refuses = rule -> false;
    private Predicate<String> cannotRemove = rule -> false;
    private boolean unreadable;
    private CountDownLatch addsBeforeRead = new CountDownLatch(0);

    FakeFirewalld with(String... lines) {
        rules.addAll(List.of(lines));
        return this;
    }

    FakeFirewalld onlyThroughSudo() {
        root = false;
        return this;
    }

    FakeFirewalld refusing(Predicate<String> rule) {
        refuses = rule;
        return this;
    }

    FakeFirewalld notRemoving(Predicate<String> rule) {
        cannotRemove = rule;
        return this;
    }

    FakeFirewalld unreadable() {
        unreadable = true;
        return this;
    }

    /** Holds the read back until that many adds are done, the order in which the read sees the new rules. */
    FakeFirewalld readAfterAdds(int adds) {
        addsBeforeRead = new CountDownLatch(adds);
        return this;
    }

    /** The rules in no particular order: firewalld orders them by priority, not by when they came. */
    synchronized Set<String> rules() {
        return Set.copyOf(rules);
    }

    List<List<String>> calls() {
        return List.copyOf(calls);
    }

    long calls(String action) {
        return calls().stream().filter(argv -> argv.contains(action)).count();
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        calls.add(argv);
        List<String> args;
        if (argv.get(0).equals("firewall-cmd")) {
            if (!root) {
                return new CommandResult(11, "", "Authorization failed.\n");
            }
            args = argv.subList(1, argv.size());
        } else if (argv.subList(0, 3).equals(List.of("sudo", "-n", "firewall-cmd"))) {
            args = argv.subList(3, argv.size());
        } else {
            return new CommandResult(127, "", "not found");
        }
        if (args.equals(List.of("--state"))) {
            return new CommandResult(0, "running\n", "");
        }
        if (args.equals(List.of("--direct", "--get-all-rules"))) {
            return read();
        }
        String rule = String.join(" ", args.subList(2, args.size()));
        return switch (args.get(1)) {
            case "--add-rule" -> add(rule);
            case "--remove-rule" -> remove(rule);
            default -> new CommandResult(2, "", "usage");
        };
    }

    private CommandResult read() {
        try {
            if (!addsBeforeRead.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the adds never came");
            }
        } catch (InterruptedException interrupted) {
            throw new AssertionError(interrupted);
        }
        synchronized (this) {
            if (unreadable) {
                return new CommandResult(252, "", "FirewallD is not running\n");
            }
            return new CommandResult(0, String.join("\n", rules) + (rules.isEmpty() ? "" : "\n"), "");
        }
    }

    private synchronized CommandResult add(String rule) {
        try {
            if (refuses.test(rule)) {
                return new CommandResult(13, "", "Error: COMMAND_FAILED: '/usr/sbin/iptables-restore -w -n' failed:"
                        + " iptables-restore v1.8.9 (nf_tables): host/network `x' not found\nError occurred at line: 2\n");
            }
            if (!rules.add(rule)) {
                return new CommandResult(0, "", "Warning: ALREADY_ENABLED: rule '" + rule + "' already is in it\n");
            }
            return new CommandResult(0, "success\n", "");
        } finally {
            addsBeforeRead.countDown();
        }
    }

    private synchronized CommandResult remove(String rule) {
        if (cannotRemove.test(rule)) {
            return new CommandResult(13, "", "Error: COMMAND_FAILED: busy\n");
        }
        if (!rules.remove(rule)) {
            return new CommandResult(0, "", "Warning: NOT_ENABLED: rule '" + rule + "' is not in it\n");
        }
        return new CommandResult(0, "success\n", "");
    }
}
