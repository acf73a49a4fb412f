package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the network tests reach root's rights, and what they say when sudo refuses them. */
class AsRootTest {

    @Test
    void rootRunsTheCommandItself() {
        assertEquals(List.of("ip", "netns", "add", "x"), AsRoot.prefixed(true, "ip", "netns", "add", "x"));
    }

    @Test
    void aNormalUserRunsItThroughSudoThatNeverAsksForAPassword() {
        assertEquals(List.of("sudo", "-n", "--", "ip", "netns", "add", "x"),
                AsRoot.prefixed(false, "ip", "netns", "add", "x"));
    }

    @Test
    void aRefusalNamesWhatWasRefusedAndTheFix() {
        String message = AsRoot.refusal(List.of(List.of("nsenter", "--version"), List.of("sysctl", "--version")));

        assertTrue(message.contains("refused nsenter, sysctl for"), message);
        assertTrue(message.contains("run sudo ./scripts/setup-host.sh --ci"), message);
        assertTrue(message.startsWith("the network tests run ip, nsenter, sysctl, firewall-cmd as root"), message);
    }

    @Test
    void nothingRefusedIsNoRefusal() {
        assertNull(AsRoot.refusal(List.of()));
    }
}
