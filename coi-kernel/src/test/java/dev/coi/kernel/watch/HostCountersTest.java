package dev.coi.kernel.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's counters read from {@code /proc} and control group files laid out as hosts have them. */
class HostCountersTest {

    @TempDir
    Path root;

    @Test
    void diskIoComesFromTheUnifiedIoStatWhereTheHostHasIt() throws IOException {
        Path proc = Files.createDirectories(root.resolve("proc/100"));
        Files.writeString(proc.resolve("cgroup"), "0::/lxc.payload.c1/init.scope\n");
        Path group = Files.createDirectories(root.resolve("cgroup/lxc.payload.c1"));
        Files.writeString(group.resolve("io.stat"), "254:0 rbytes=1000 wbytes=20 rios=3 wios=1 dbytes=0 dios=0\n"
                + "7:0 rbytes=500 wbytes=5 rios=1 wios=1 dbytes=0 dios=0\n");

        assertEquals(Optional.of(new HostCounters.DiskIo(1500, 25)),
                HostView.of(root.resolve("proc"), root.resolve("cgroup")).counters().diskIo(100));
    }

    @Test
    void diskIoComesFromTheLegacyBlkioControllerOnAHybridHost() throws IOException {
        Path proc = Files.createDirectories(root.resolve("proc/100"));
        Files.writeString(proc.resolve("cgroup"), "9:name=systemd:/lxc.payload.c1/init.scope\n"
                + "7:blkio:/lxc.payload.c1\n1:cpu,cpuacct:/lxc.payload.c1\n0::/lxc.payload.c1/init.scope\n");
        Files.createDirectories(root.resolve("cgroup/unified/lxc.payload.c1"));
        Path blkio = Files.createDirectories(root.resolve("cgroup/blkio/lxc.payload.c1"));
        Files.writeString(blkio.resolve("blkio.throttle.io_service_bytes_recursive"), "7:0 Read 163401728\n"
                + "7:0 Write 7245824\n7:0 Sync 170647552\n7:0 Async 0\n7:0 Discard 0\n7:0 Total 170647552\n"
                + "8:0 Read 100\n8:0 Write 1\nTotal 170647653\n");
        HostCounters host = HostView.of(root.resolve("proc"), root.resolve("cgroup")).counters();

        assertEquals(Optional.of(new HostCounters.DiskIo(163401828, 7245825)), host.diskIo(100));

        Files.delete(blkio.resolve("blkio.throttle.io_service_bytes_recursive"));
        assertEquals(Optional.empty(), host.diskIo(100), "a host without the I/O controller counts nothing");
    }

    @Test
    void cpuMemoryAndConnectionsOfAHybridHost() throws IOException {
        Path proc = Files.createDirectories(root.resolve("proc/100/net"));
        Files.writeString(root.resolve("proc/100/cgroup"), "4:memory:/lxc.payload.c1/init.scope\n"
                + "0::/lxc.payload.c1/init.scope\n");
        Path unified = Files.createDirectories(root.resolve("cgroup/unified/lxc.payload.c1"));
        Files.writeString(unified.resolve("cpu.stat"), "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n");
        Path memory = Files.createDirectories(root.resolve("cgroup/memory/lxc.payload.c1"));
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "52428800\n");
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout\n";
        Files.writeString(proc.resolve("tcp"), header
                + "   0: 0100007F:B179 00000000:0000 0A 00000000:00000000 00:00000000 00000000 1000 0 1\n"
                + "   1: 0A00000A:C350 0100000A:01BB 01 00000000:00000000 00:00000000 00000000 1000 0 2\n");
        Files.writeString(proc.resolve("tcp6"), header
                + "   0: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:D3A2 01 0:0 0:0 0 0 0 3\n");
        HostCounters host = HostView.of(root.resolve("proc"), root.resolve("cgroup")).counters();

        assertEquals(OptionalLong.of(2_500_000), host.cpuMicros(100));
        assertEquals(OptionalLong.of(52_428_800), host.memoryBytes(100));
        assertEquals(2, host.connections(100), "one listening socket, two established connections");
    }
}
