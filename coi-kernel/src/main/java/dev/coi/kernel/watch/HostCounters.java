package dev.coi.kernel.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a container uses, counted by the host's kernel: its control groups' CPU time, memory and block I/O, and the
 * TCP connections of its network namespace. Like {@link HostProcesses}, readable by every user and beyond the reach
 * of what runs in the container.
 */
final class HostCounters {

    /** The state of an established connection in {@code /proc/net/tcp}. */
    private static final String ESTABLISHED = "01";

    private final Path proc;
    private final ControlGroups groups;

    HostCounters(Path proc, ControlGroups groups) {
        this.proc = proc;
        this.groups = groups;
    }

    /**
     * The bytes the container's processes read from and wrote to block devices since it started: the unified
     * hierarchy's {@code io.stat} where the host gives the I/O controller to it, else the legacy {@code blkio}
     * controller's counts. Reads served from the page cache are not counted, nor devices whose driver the kernel
     * does not account.
     *
     * @param initPid the host pid of the container's init process
     * @return read and written bytes; empty when the host counts neither or the container no longer runs
     */
    Optional<DiskIo> diskIo(long initPid) throws IOException {
        Optional<Path> unified = groups.unified(initPid).map(group -> group.resolve("io.stat")).filter(Files::isReadable);
        if (unified.isPresent()) {
            long read = 0;
            long written = 0;
            for (String line : read(unified.get()).lines().toList()) {
                for (String field : line.split("\\s+")) {
                    if (field.startsWith("rbytes=")) {
                        read += Long.parseLong(field.substring(7));
                    } else if (field.startsWith("wbytes=")) {
                        written += Long.parseLong(field.substring(7));
                    }
                }
            }
            return Optional.of(new DiskIo(read, written));
        }
        Optional<Path> legacy = groups.legacy(initPid, "blkio")
                .map(group -> group.resolve("blkio.throttle.io_service_bytes_recursive")).filter(Files::isReadable);
        if (legacy.isEmpty()) {
            return Optional.empty();
        }
        long read = 0;
        long written = 0;
        // "MAJ:MIN Read N" per device and operation, then a "Total N" of all
        for (String line : read(legacy.get()).lines().toList()) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 3 && fields[1].equals("Read")) {
                read += Long.parseLong(fields[2]);
            } else if (fields.length == 3 && fields[1].equals("Write")) {
                written += Long.parseLong(fields[2]);
            }
        }
        return Optional.of(new DiskIo(read, written));
    }

    /** Bytes read and written. */
    record DiskIo(long read, long written) {
    }

    /** The CPU time the container's processes used since it started, in microseconds. */
    OptionalLong cpuMicros(long initPid) throws IOException {
        Optional<Path> unified = groups.unified(initPid).map(group -> group.resolve("cpu.stat"))
                .filter(Files::isReadable);
        if (unified.isPresent()) {
            return read(unified.get()).lines().filter(line -> line.startsWith("usage_usec "))
                    .mapToLong(line -> Long.parseLong(line.substring(11).strip())).findFirst();
        }
        return number(groups.legacy(initPid, "cpuacct").map(group -> group.resolve("cpuacct.usage")), 1000);
    }

    /** The memory the container uses now, page cache included, in bytes. */
    OptionalLong memoryBytes(long initPid) throws IOException {
        OptionalLong unified = number(groups.unified(initPid).map(group -> group.resolve("memory.current")), 1);
        if (unified.isPresent()) {
            return unified;
        }
        return number(groups.legacy(initPid, "memory").map(group -> group.resolve("memory.usage_in_bytes")), 1);
    }

    /** The established TCP connections (IPv4 and IPv6) of the container's network namespace. */
    int connections(long initPid) throws IOException {
        int established = 0;
        for (String table : new String[] {"tcp", "tcp6"}) {
            Path file = proc.resolve(initPid + "/net/" + table);
            if (!Files.isReadable(file)) {
                continue;
            }
            // "sl local_address rem_address st ...": the state is the fourth field
            established += (int) read(file).lines().skip(1).map(line -> line.strip().split("\\s+"))
                    .filter(fields -> fields.length > 3 && fields[3].equals(ESTABLISHED)).count();
        }
        return established;
    }

    private static OptionalLong number(Optional<Path> file, long divisor) throws IOException {
        if (file.isEmpty() || !Files.isReadable(file.get())) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(read(file.get()).strip()) / divisor);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
