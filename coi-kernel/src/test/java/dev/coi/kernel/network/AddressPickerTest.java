package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class AddressPickerTest {

    @Test
    void picksAHostAddressOfTheSubnetThatIsNotTaken() {
        String picked = AddressPicker.pick("10.123.45.1/24", Set.of("10.123.45.1"), "coi-abc-1",
                new Random(1));

        long value = AddressPicker.toLong(picked);
        assertTrue(value > AddressPicker.toLong("10.123.45.1") && value < AddressPicker.toLong("10.123.45.255"), picked);
    }

    @Test
    void theSameNameMadeAgainDoesNotAskForItsPredecessorsAddress() {
        Set<String> picked = new HashSet<>();
        for (int again = 0; again < 10; again++) {
            picked.add(AddressPicker.pick("10.123.45.1/24", Set.of(), "coi-abc-1", new Random(again)));
        }

        assertTrue(picked.size() > 5, picked::toString);
    }

    @Test
    void theSearchWrapsAroundFromWhereItStarts() {
        assertEquals("10.123.45.2", AddressPicker.pick("10.123.45.1/24", Set.of("10.123.45.254"), "coi-abc-1",
                fixedStart(253)));
    }

    @Test
    void takenAddressesAreSkippedUntilNoneIsLeft() {
        Set<String> used = new HashSet<>();
        for (int host = 1; host <= 5; host++) {
            used.add(AddressPicker.pick("192.168.7.1/29", used, "coi-abc-1", new Random(host)));
        }
        assertEquals(5, used.size(), "a /29 has six hosts, one of them the gateway");
        assertTrue(!used.contains("192.168.7.1") && !used.contains("192.168.7.0") && !used.contains("192.168.7.7"),
                used.toString());

        CoiException e = assertThrows(CoiException.class, () -> AddressPicker.pick("192.168.7.1/29", used, "coi-x-1",
                new Random(7)));
        assertTrue(e.getMessage().contains("no free address"), e.getMessage());
    }

    /** A generator whose every draw is {@code start}: the search starts at host {@code start + 1}. */
    private static RandomGenerator fixedStart(long start) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return start;
            }

            @Override
            public long nextLong(long bound) {
                return start;
            }
        };
    }

    @Test
    void everyContainerOnAnAddressGetsTheSameUniqueHardwareAddress() {
        assertEquals("02:c0:1a:7b:2d:0c", AddressPicker.hardwareAddressFor("10.123.45.12"));
        assertEquals(AddressPicker.hardwareAddressFor("10.123.45.12"), AddressPicker.hardwareAddressFor("10.123.45.12"));
        assertNotEquals(AddressPicker.hardwareAddressFor("10.123.45.12"), AddressPicker.hardwareAddressFor("10.123.45.13"));
        assertNotEquals(AddressPicker.hardwareAddressFor("10.123.45.12"), AddressPicker.hardwareAddressFor("10.123.46.12"));
    }

    @Test
    void theIpv6AddressIsTheOneSlaacGivesTheCardOnTheBridgesNetwork() {
        assertEquals("fd42:1:2:3:c0:1aff:fe14:1e06", AddressPicker.ipv6For("fd42:1:2:3::1/64", "02:c0:1a:14:1e:06"));
        // a shorter prefix: the bits up to 64 are the network's, the gateway's own bits are not taken over
        assertEquals("fd42:1::c0:1aff:fe14:1e06", AddressPicker.ipv6For("fd42:1:0:7::1/48", "02:c0:1a:14:1e:06"));
    }
}
