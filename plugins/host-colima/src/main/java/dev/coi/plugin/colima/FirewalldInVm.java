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

    /**
     * Asks firewalld directly, and through {@code sudo -n} when it refuses a normal user (polkit), the way coi drives
     * it: a running firewalld that only root may ask still enforces the restricted and allowlist modes.
     */
    static FirewalldInVm probe(HostCommands host) {
        try {
            CommandResult result = host.run(List.of("firewall-cmd", "--state"), TIMEOUT);
            if (result.succeeded()) {
                return new FirewalldInVm(true, "firewalld running");
            }
            return switch (result.exitCode()) {
                case NOT_FOUND -> new FirewalldInVm(false, "firewalld is not installed in the VM");
                case NOT_RUNNING -> new FirewalldInVm(false, "firewalld is installed in the VM but not running");
                default -> throughSudo(host, result.exitCode());
            };
        } catch (PortException e) {
            return new FirewalldInVm(false, "firewall-cmd --state could not be run: " + e.getMessage());
        }
    }

    private static FirewalldInVm throughSudo(HostCommands host, int directExitCode) {
        CommandResult viaSudo = host.run(List.of("sudo", "-n", "firewall-cmd", "--state"), TIMEOUT);
        if (viaSudo.succeeded()) {
            return new FirewalldInVm(true, "firewalld running (asked through passwordless sudo)");
        }
        return new FirewalldInVm(false, "firewall-cmd --state failed with exit code " + directExitCode
                + ", and through sudo -n with exit code " + viaSudo.exitCode());
    }

    /** The steps inside the VM; Colima and Lima both start Ubuntu unless told otherwise. */
    static String howToEnable(DetectedVm vm) {
        return "enable firewalld inside the VM: run '" + vm.shellCommand() + "', then 'sudo apt-get install -y firewalld"
                + " && sudo systemctl enable --now firewalld' (Ubuntu, the default image)";
    }
}
