package dev.coi.kernel.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The resource limits of {@code [limits]}. Text values are kept in the form Incus takes them; an empty Optional
 * means no limit (Incus's default).
 *
 * @param cpu     {@code [limits.cpu]}
 * @param memory  {@code [limits.memory]}
 * @param disk    {@code [limits.disk]}
 * @param runtime {@code [limits.runtime]}
 */
public record Limits(Cpu cpu, Memory memory, Disk disk, Runtime runtime) {

    /**
     * {@code [limits.cpu]}.
     *
     * @param count     a count {@code "2"}, a range {@code "0-3"} or a list {@code "0,1,3"}
     * @param allowance {@code "50%"} or {@code "25ms/100ms"}
     * @param priority  0-10; 0 leaves Incus's default
     */
    public record Cpu(Optional<String> count, Optional<String> allowance, int priority) {
    }

    /**
     * {@code [limits.memory]}.
     *
     * @param limit   a size like {@code "2GiB"} or a percentage like {@code "50%"}
     * @param enforce hard or soft
     * @param swap    {@code "true"}, {@code "false"} or a size
     */
    public record Memory(Optional<String> limit, MemoryEnforce enforce, String swap) {
    }

    /**
     * {@code [limits.disk]}. Rates are as written: {@code "10MiB/s"}, {@code "10MiB"} or {@code "1000iops"}.
     *
     * @param read      read rate
     * @param write     write rate
     * @param max       combined rate, which overrides read and write
     * @param priority  0-10; 0 leaves Incus's default
     * @param tmpfsSize a size for {@code /tmp} as tmpfs
     */
    public record Disk(Optional<String> read, Optional<String> write, Optional<String> max, int priority,
            Optional<String> tmpfsSize) {
    }

    /**
     * {@code [limits.runtime]}.
     *
     * @param maxDuration  how long a session may run
     * @param maxProcesses most processes in the container; 0 = unlimited
     * @param autoStop     stop the container when {@code maxDuration} is reached (else only log)
     * @param stopGraceful stop gracefully first (else force at once)
     */
    public record Runtime(Optional<Duration> maxDuration, int maxProcesses, boolean autoStop, boolean stopGraceful) {
    }

    /** How Incus enforces the memory limit. */
    public enum MemoryEnforce {
        /** The container is never given more than the limit. */
        HARD,
        /** The limit applies only when the host runs short of memory. */
        SOFT
    }
}
