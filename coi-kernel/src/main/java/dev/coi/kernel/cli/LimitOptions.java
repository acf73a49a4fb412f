package dev.coi.kernel.cli;

import dev.coi.kernel.config.FlagOverride;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The {@code --limit-*} flags of the session commands. Each sets a {@code limits.*} key over the configuration and
 * the profile, and is checked like that key in a file; values are kept as text so that a wrong one is reported with
 * the key's own message.
 */
final class LimitOptions {

    private static final String PREFIX = "--limit-";

    @Option(names = "--limit-cpu", paramLabel = "CPUS",
            description = "CPUs: a count \"2\", a range \"0-3\" or a list \"0,1,3\" (limits.cpu.count).")
    String cpu;

    @Option(names = "--limit-cpu-allowance", paramLabel = "SHARE",
            description = "CPU time: \"50%%\" or \"25ms/100ms\" (limits.cpu.allowance).")
    String cpuAllowance;

    @Option(names = "--limit-memory", paramLabel = "SIZE",
            description = "Memory: \"2GiB\" or \"50%%\" of the host's (limits.memory.limit).")
    String memory;

    @Option(names = "--limit-memory-swap", paramLabel = "SWAP",
            description = "Swap: true, false or a size like \"1GiB\" (limits.memory.swap).")
    String memorySwap;

    @Option(names = "--limit-disk-read", paramLabel = "RATE",
            description = "Disk read rate: \"10MiB/s\" or \"1000iops\" (limits.disk.read).")
    String diskRead;

    @Option(names = "--limit-disk-write", paramLabel = "RATE",
            description = "Disk write rate: \"5MiB/s\" or \"1000iops\" (limits.disk.write).")
    String diskWrite;

    @Option(names = "--limit-duration", paramLabel = "DURATION",
            description = "Stop the session after \"2h\", \"30m\" or \"1h30m\", also when coi has exited"
                    + " (limits.runtime.max_duration).")
    String duration;

    @Option(names = "--limit-processes", paramLabel = "N",
            description = "Most processes in the container; 0 = unlimited (limits.runtime.max_processes).")
    String processes;

    /** Whether {@code option} is one of these flags, which help lists apart. */
    static boolean isLimit(OptionSpec option) {
        return option.longestName().startsWith(PREFIX);
    }

    /** The flags the user gave, as overrides of their keys. */
    List<FlagOverride> overrides() {
        List<FlagOverride> overrides = new ArrayList<>();
        add(overrides, "limits.cpu.count", cpu, "--limit-cpu");
        add(overrides, "limits.cpu.allowance", cpuAllowance, "--limit-cpu-allowance");
        add(overrides, "limits.memory.limit", memory, "--limit-memory");
        add(overrides, "limits.memory.swap", memorySwap, "--limit-memory-swap");
        add(overrides, "limits.disk.read", diskRead, "--limit-disk-read");
        add(overrides, "limits.disk.write", diskWrite, "--limit-disk-write");
        add(overrides, "limits.runtime.max_duration", duration, "--limit-duration");
        add(overrides, "limits.runtime.max_processes", processes, "--limit-processes");
        return overrides;
    }

    private static void add(List<FlagOverride> overrides, String key, String value, String flag) {
        if (value != null) {
            overrides.add(new FlagOverride(key, value, flag));
        }
    }
}
