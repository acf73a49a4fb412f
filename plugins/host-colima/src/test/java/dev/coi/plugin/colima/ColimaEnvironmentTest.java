package dev.coi.plugin.colima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HostAdjustments;
import dev.coi.api.NetworkMode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ColimaEnvironmentTest {

    private static final Map<String, String> MAC_USER = Map.of("USER", "ann", "HOME", "/home/ann.linux");

    private final ColimaEnvironment environment = new ColimaEnvironment();

    @Test
    void recognisesAColimaVmByLimasMountsAndItsHostName() {
        HostAdjustments adjustments = environment.detect(FixtureHost.named("colima-vz", MAC_USER)).orElseThrow();

        assertEquals("Colima VM (Lima boot data at /mnt/lima-cidata, virtiofs mount at /Users/ann, home /home/ann.linux,"
                + " host name colima)", adjustments.description());
        assertFalse(adjustments.uidShifting());
        assertEquals(Set.of(NetworkMode.OPEN), adjustments.workingNetworkModes());
        assertTrue(adjustments.notes().get(1).contains("run 'colima ssh', then 'sudo apt-get install -y firewalld"),
                adjustments.notes().toString());
    }

    @Test
    void recognisesALimaVmWithNinePShares() {
        HostAdjustments adjustments = environment.detect(FixtureHost.named("lima-qemu-9p", Map.of("USER", "lima")))
                .orElseThrow();

        assertEquals("Lima VM (Lima boot data at /mnt/lima-cidata, 9p share mount0 at /Users/ann, user lima)",
                adjustments.description());
        assertFalse(adjustments.uidShifting());
        assertTrue(adjustments.notes().get(1).contains("run 'limactl shell default'"), adjustments.notes().toString());
    }

    @Test
    void recognisesALimaVmWithSshfsSharesByItsBootData() {
        HostAdjustments adjustments = environment.detect(FixtureHost.named("lima-sshfs", Map.of("USER", "ann")))
                .orElseThrow();

        assertEquals("Lima VM (Lima boot data at /mnt/lima-cidata)", adjustments.description());
    }

    @Test
    void theLimaUserAloneIsEnough() {
        assertEquals("Lima VM (user lima)",
                environment.detect(FixtureHost.named("plain-linux", Map.of("USER", "lima"))).orElseThrow().description());
    }

    @Test
    void aPlainLinuxHostIsNoVm() {
        // A 9p share that Lima did not tag and a path that merely contains "virtiofs" are no evidence.
        assertTrue(environment.detect(FixtureHost.named("plain-linux", Map.of("USER", "root", "HOME", "/root")))
                .isEmpty());
    }

    @Test
    void theSettingForcesAnEnvironment() {
        HostAdjustments forced = environment.detect(FixtureHost.named("plain-linux", Map.of(),
                Map.of("host.environment", "colima"))).orElseThrow();

        assertEquals("Colima VM (host.environment = colima)", forced.description());
        assertFalse(forced.uidShifting());
        assertEquals("Lima VM (host.environment = lima)", environment.detect(FixtureHost.named("colima-vz", Map.of(),
                Map.of("host.environment", "lima"))).orElseThrow().description());
    }

    @Test
    void everyValueItAddsToTheSettingForcesItsVmOnAPlainHost() {
        assertEquals(Set.of("colima", "lima"), environment.settingValues());
        for (String value : environment.settingValues()) {
            assertTrue(environment.detect(FixtureHost.named("plain-linux", Map.of(), Map.of("host.environment", value)))
                    .isPresent(), value);
        }
    }

    @Test
    void linuxTurnsDetectionOffAndAutoDetects() {
        assertTrue(environment.detect(FixtureHost.named("colima-vz", MAC_USER, Map.of("host.environment", "linux")))
                .isEmpty());
        assertTrue(environment.detect(FixtureHost.named("colima-vz", MAC_USER, Map.of("host.environment", "auto")))
                .isPresent());
    }
}
