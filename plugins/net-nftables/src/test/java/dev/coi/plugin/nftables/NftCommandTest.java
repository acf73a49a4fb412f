package dev.coi.plugin.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Availability;
import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import dev.coi.api.PortException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How nft is reached: as root, through passwordless sudo, or not at all, and what the user is told. */
class NftCommandTest {

    private static final CommandResult OK = new CommandResult(0, "table inet filter\n", "");
    private static final CommandResult NOT_PERMITTED = new CommandResult(1, "",
            "Error: Could not process rule: Operation not permitted\nlist tables\n^^^^^^^^^^^\n");
    private static final CommandResult MISSING = new CommandResult(127, "", "Cannot run program \"nft\"");
    private static final CommandResult PASSWORD = new CommandResult(1, "", "sudo: a password is required\n");

    private final List<String> calls = new ArrayList<>();
    private final NftCommand nft = new NftCommand();

    private HostCommands host(Map<String, CommandResult> byCommand) {
        return (argv, timeout) -> {
            String line = String.join(" ", argv);
            calls.add(line);
            return byCommand.getOrDefault(line, new CommandResult(0, "", ""));
        };
    }

    @Test
    void rootRunsNftDirectly() {
        HostCommands host = host(Map.of("nft list tables", OK));

        assertEquals(Availability.yes("nftables usable"), nft.availability(host));
        nft.run(host, List.of("-j", "list", "table", "inet", "coi"));

        assertEquals(List.of("nft list tables", "nft -j list table inet coi"), calls);
    }

    @Test
    void aNormalUserGoesThroughPasswordlessSudoFromThenOn() {
        HostCommands host = host(Map.of("nft list tables", NOT_PERMITTED, "sudo -n nft list tables", OK));

        Availability availability = nft.availability(host);
        nft.run(host, List.of("-j", "list", "table", "inet", "coi"));

        assertTrue(availability.available(), availability::toString);
        assertTrue(availability.detail().contains("sudo"), availability::detail);
        assertEquals("sudo -n nft -j list table inet coi", calls.getLast());
    }

    @Test
    void nftOutsideTheUsersPathIsFoundThroughSudo() {
        HostCommands host = host(Map.of("nft list tables", MISSING, "sudo -n nft list tables", OK));

        assertTrue(nft.availability(host).available());
    }

    @Test
    void noNftAnywhereSaysHowToInstallIt() {
        HostCommands host = host(Map.of("nft list tables", MISSING,
                "sudo -n nft list tables", new CommandResult(1, "", "sudo: nft: command not found\n")));

        Availability availability = nft.availability(host);

        assertFalse(availability.available());
        assertEquals("nft is not installed", availability.detail());
        assertTrue(availability.fix().contains("apt-get install nftables"), availability::fix);
    }

    @Test
    void notPermittedWithoutAPasswordSaysBothAndHowToAllowIt() {
        HostCommands host = host(Map.of("nft list tables", NOT_PERMITTED, "sudo -n nft list tables", PASSWORD));

        Availability availability = nft.availability(host);

        assertFalse(availability.available());
        assertEquals("nft list tables failed: Error: Could not process rule: Operation not permitted;"
                + " with sudo -n: sudo: a password is required", availability.detail());
        assertTrue(availability.fix().contains("NOPASSWD: /usr/sbin/nft"), availability::fix);
        assertTrue(availability.fix().contains("/etc/sudoers.d/coi-nftables-"), availability::fix);
    }

    @Test
    void aChangeWhileNftIsUnusableFailsWithTheFixAndRunsNothingElse() {
        HostCommands host = host(Map.of("nft list tables", NOT_PERMITTED, "sudo -n nft list tables", PASSWORD));

        PortException error = assertThrows(PortException.class, () -> nft.run(host, List.of("add table inet coi")));

        assertTrue(error.getMessage().startsWith("cannot drive nftables: nft list tables failed"), error.getMessage());
        assertEquals(List.of("nft list tables", "sudo -n nft list tables"), calls);
    }
}
