package dev.coi.plugin.colima;

import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import dev.coi.api.PortException;
import java.time.Duration;
import java.util.List;

/** Whether firewalld runs in the VM, which the restricted and allowlist network modes need. */
record FirewalldInVm(boolean running, String state) {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int NOT_FOUND = 127;
    /** What {@code firewall-cmd --state} exits with when the daemon does not run. */
    private static final int NOT_RUNNING = 252;

    static FirewalldInVm probe(HostCommands host) {
        try {
            CommandResult result = host.run(List.of("firewall-cmd", "--state"), TIMEOUT);
            if (result.succeeded()) {
                return new FirewalldInVm(true, "firewalld running");
            }
            return new FirewalldInVm(false, switch (result.exitCode()) {
                case NOT_FOUND -> "firewalld is not installed in the VM";
                case NOT_RUNNING -> "firewalld is installed in the VM but not running";
                default -> "firewall-cmd --state failed with exit code " + result.exitCode();
            });
        } catch (PortException e) {
            return new FirewalldInVm(false, "firewall-cmd --state could not be run: " + e.getMessage());
        }
    }

    /** The steps inside the VM; Colima and Lima both start Ubuntu unless told otherwise. */
    static String howToEnable(DetectedVm vm) {
        return "enable firewalld inside the VM: run '" + vm.shellCommand() + "', then 'sudo apt-get install -y firewalld"
                + " && sudo systemctl enable --now firewalld' (Ubuntu, the default image)";
    }
}
