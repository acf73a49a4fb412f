package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicAddressesTest {

    private final PublicAddresses guard = new PublicAddresses();

    @Test
    void publicAddressesOfBothFamiliesAreOpened() throws UnknownHostException {
        for (String address : List.of("203.0.113.7", "8.8.8.8", "100.128.0.1", "2001:db8::7", "2606:4700::1111",
                "64:ff9b::808:808")) {
            assertTrue(guard.admits(InetAddress.getByName(address)), address);
        }
    }

    @Test
    void privateLocalAndMetadataAddressesAreNotWhateverTheirNotation() throws UnknownHostException {
        for (String address : List.of("10.0.0.5", "172.16.1.1", "192.168.1.1", "100.64.0.1", "127.0.0.1",
                "169.254.169.254", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1",
                "fd00:ec2::254", "ff02::1", "::ffff:10.0.0.5", "::ffff:169.254.169.254", "64:ff9b::a00:5",
                "64:ff9b::a9fe:a9fe")) {
            assertFalse(guard.admits(InetAddress.getByName(address)), address);
        }
    }
}
