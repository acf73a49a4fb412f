package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The attack on the network while a container boots: a persistent session container gets a boot-time unit (the
 * agent is root inside) that probes a forbidden host as early as it can, and reboots itself from inside, several
 * times. Each boot must find the rules in place: no probe may ever be answered, and the rules are there after
 * every boot.
 */
class BootTimeNetworkIT extends NetworkTestBase {

    private static final int REBOOTS = 3;
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final String LOG = "/var/log/coi-boot-probe";

    @Test
    void aBootTimeProbeAfterRebootsFromInsideNeverReachesAForbiddenHost() {
        String container = bed.background("--network=restricted", "--persistent");
        String address = bed.awaitAddress(container);
        assertRulesScopedTo(container, address);
        ForbiddenHosts.Target target = hosts.lan192();
        assertTrue(ForbiddenHosts.serves(target), () -> target + " does not serve, so a failed probe proves nothing");
        installBootProbe(container, target);

        for (int boot = 1; boot <= REBOOTS; boot++) {
            int before = bootsSeen(container);
            HostCommand.attempt("incus", "exec", container, "--", "systemctl", "reboot");
            Waiting.until(BOOT, () -> bootsSeen(container) > before,
                    () -> container + " did not come back and probe after a reboot from inside");
            int round = boot;
            Waiting.until(Duration.ofSeconds(40), () -> probeFinished(container),
                    () -> "the boot probe did not finish after reboot " + round + ": " + probeLog(container));
            assertRulesScopedTo(container, address);
        }

        String log = probeLog(container);
        assertFalse(log.contains("REACHED"), () -> "a boot-time probe reached " + target + ":\n" + log);
        assertTrue(log.contains("blocked"), () -> "the boot probe never ran:\n" + log);
    }

    /** A unit that starts early at boot and tries the target 20 times, each bounded to 1 s, 0.2 s apart. */
    private static void installBootProbe(String container, ForbiddenHosts.Target target) {
        String unit = """
                [Unit]
                Description=probe at boot
                DefaultDependencies=no
                [Service]
                Type=oneshot
                ExecStart=/bin/sh -c 'echo boot >> %1$s; i=0; while [ $i -lt 20 ]; do \
                if curl -s --max-time 1 %2$s | grep -q %3$s; then echo REACHED >> %1$s; else echo blocked >> %1$s; fi; \
                i=$((i+1)); sleep 0.2; done; echo done >> %1$s'
                [Install]
                WantedBy=sysinit.target
                """.formatted(LOG, target.url(), target.name());
        HostCommand.run("incus", "exec", container, "--", "sh", "-c",
                "cat > /etc/systemd/system/coi-boot-probe.service <<'UNIT'\n" + unit + "UNIT\n"
                        + "systemctl enable coi-boot-probe.service");
    }

    private static int bootsSeen(String container) {
        return (int) probeLog(container).lines().filter("boot"::equals).count();
    }

    private static boolean probeFinished(String container) {
        return probeLog(container).strip().endsWith("done");
    }

    private static String probeLog(String container) {
        HostCommand.Result result = HostCommand.attempt("incus", "exec", container, "--", "cat", LOG);
        return result.exitCode() == 0 ? result.output() : "";
    }
}
