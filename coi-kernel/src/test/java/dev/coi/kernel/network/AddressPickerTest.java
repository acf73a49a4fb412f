package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.CoiException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressPickerTest {

    @Test
    void picksAHostAddressOfTheSubnetThatIsNotTaken() {
        String picked = AddressPicker.pick("10.123.45.1/24", Set.of("10.123.45.1"), "coi-abc-1");

        long value = AddressPicker.toLong(picked);
        assertTrue(value > AddressPicker.toLong("10.123.45.1") && value < AddressPicker.toLong("10.123.45.255"), picked);
    }

    @Test
    void theSameNameGetsTheSameAddressAndAnotherNameAnotherOne() {
        String first = AddressPicker.pick("10.123.45.1/24", Set.of(), "coi-abc-1");

        assertEquals(first, AddressPicker.pick("10.123.45.1/24", Set.of(), "coi-abc-1"));
        assertNotEquals(first, AddressPicker.pick("10.123.45.1/24", Set.of(), "coi-abc-2"));
    }

    @Test
    void takenAddressesAreSkippedUntilNoneIsLeft() {
        Set<String> used = new HashSet<>();
        for (int host = 1; host <= 5; host++) {
            used.add(AddressPicker.pick("192.168.7.1/29", used, "coi-abc-1"));
        }
        assertEquals(5, used.size(), "a /29 has six hosts, one of them the gateway");
        assertTrue(!used.contains("192.168.7.1") && !used.contains("192.168.7.0") && !used.contains("192.168.7.7"),
                used.toString());

        CoiException e = assertThrows(CoiException.class, () -> AddressPicker.pick("192.168.7.1/29", used, "coi-x-1"));
        assertTrue(e.getMessage().contains("no free address"), e.getMessage());
    }
}
