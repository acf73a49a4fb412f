package dev.coi.kernel.limits;

import dev.coi.kernel.config.Durations;
import dev.coi.kernel.config.Limits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * {@code [limits]} as Incus takes them: instance keys ({@code limits.cpu}, {@code limits.memory}, ...) and the
 * rate keys of the root disk device ({@code limits.read}, {@code limits.write}, {@code limits.max}). A limit that
 * is not set leaves Incus's default; {@link #instanceUpdate} and {@link #rootUpdate} also take away what an
 * earlier session set.
 *
 * @param config the instance keys to set
 * @param root the keys to set on the root disk device; empty when the disk is not limited
 */
public record LimitKeys(Map<String, String> config, Map<String, String> root) {

    /** Every instance key coi sets, so that a resumed container loses those no longer asked for. */
    static final List<String> CONFIG_KEYS = List.of("limits.cpu", "limits.cpu.allowance", "limits.cpu.priority",
            "limits.memory", "limits.memory.enforce", "limits.memory.swap", "limits.processes",
            "limits.disk.priority");
    /** Every key of the root disk device coi sets. */
    static final List<String> ROOT_KEYS = List.of("limits.read", "limits.write", "limits.max");
    /** The name of the root disk device, as in Incus's default profile. */
    public static final String ROOT_DEVICE = "root";

    public LimitKeys {
        config = Map.copyOf(config);
        root = Map.copyOf(root);
    }

    /** The keys for these limits. */
    public static LimitKeys of(Limits limits) {
        Map<String, String> config = new LinkedHashMap<>();
        limits.cpu().count().ifPresent(count -> config.put("limits.cpu", count));
        limits.cpu().allowance().ifPresent(allowance -> config.put("limits.cpu.allowance", allowance));
        if (limits.cpu().priority() != 0) {
            config.put("limits.cpu.priority", Integer.toString(limits.cpu().priority()));
        }
        limits.memory().limit().ifPresent(memory -> {
            config.put("limits.memory", memory);
            config.put("limits.memory.enforce", limits.memory().enforce().name().toLowerCase(java.util.Locale.ROOT));
        });
        // true is Incus's own default: set only what differs, so that an unlimited container carries no key
        if (!"true".equals(limits.memory().swap())) {
            config.put("limits.memory.swap", limits.memory().swap());
        }
        if (limits.runtime().maxProcesses() > 0) {
            config.put("limits.processes", Integer.toString(limits.runtime().maxProcesses()));
        }
        if (limits.disk().priority() != 0) {
            config.put("limits.disk.priority", Integer.toString(limits.disk().priority()));
        }
        Map<String, String> root = new LinkedHashMap<>();
        // limits.max stands for both directions, so read and write would only contradict it
        if (limits.disk().max().isPresent()) {
            root.put("limits.max", rate(limits.disk().max().get()));
        } else {
            limits.disk().read().ifPresent(rate -> root.put("limits.read", rate(rate)));
            limits.disk().write().ifPresent(rate -> root.put("limits.write", rate(rate)));
        }
        return new LimitKeys(config, root);
    }

    /** Incus takes a byte rate without the {@code /s} that the config allows for readability ({@code 10MiB/s}). */
    private static String rate(String text) {
        return text.endsWith("/s") ? text.substring(0, text.length() - 2) : text;
    }

    /** Whether nothing is limited (max_duration aside, which is not an Incus key). */
    public boolean isEmpty() {
        return config.isEmpty() && root.isEmpty();
    }

    /**
     * The root disk device of a new container: the one it would get from its profile, with the rate limits added
     * (an instance's own device of that name replaces the profile's).
     *
     * @param profileRoot the root disk device of the profile, e.g. {@code path=/ pool=default type=disk}
     */
    public Map<String, String> rootDevice(Map<String, String> profileRoot) {
        Map<String, String> device = new LinkedHashMap<>(profileRoot);
        ROOT_KEYS.forEach(device::remove);
        device.putAll(root);
        return device;
    }

    /** The instance keys for a container made earlier: these set, the other limit keys unset (empty value). */
    public Map<String, String> instanceUpdate(Map<String, String> current) {
        Map<String, String> update = new LinkedHashMap<>();
        for (String key : CONFIG_KEYS) {
            String wanted = config.getOrDefault(key, "");
            if (!wanted.equals(current.getOrDefault(key, ""))) {
                update.put(key, wanted);
            }
        }
        return update;
    }

    /**
     * The root device for a container made earlier, or empty when it is right already: with disk limits, its own
     * root device (or else the profile's) with these rates; without, its own root device without rates.
     *
     * @param own the container's own root device, if it has one
     * @param expanded the root device it has through its profile when it has none of its own
     */
    public Optional<Map<String, String>> rootUpdate(Optional<Map<String, String>> own, Map<String, String> expanded) {
        if (root.isEmpty() && own.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> wanted = rootDevice(own.orElse(expanded));
        return own.filter(wanted::equals).isPresent() ? Optional.empty() : Optional.of(wanted);
    }

    /** One short line for the session's start, e.g. {@code cpu 2, memory 2GiB (hard), processes 100}. */
    public static String describe(Limits limits) {
        StringJoiner line = new StringJoiner(", ");
        limits.cpu().count().ifPresent(count -> line.add("cpu " + count));
        limits.cpu().allowance().ifPresent(allowance -> line.add("cpu time " + allowance));
        if (limits.cpu().priority() != 0) {
            line.add("cpu priority " + limits.cpu().priority());
        }
        limits.memory().limit().ifPresent(memory -> line.add("memory " + memory + " ("
                + limits.memory().enforce().name().toLowerCase(java.util.Locale.ROOT) + ")"));
        if (!"true".equals(limits.memory().swap())) {
            line.add("swap " + limits.memory().swap());
        }
        if (limits.disk().max().isPresent()) {
            line.add("disk io " + limits.disk().max().get());
        } else {
            limits.disk().read().ifPresent(rate -> line.add("disk read " + rate));
            limits.disk().write().ifPresent(rate -> line.add("disk write " + rate));
        }
        if (limits.disk().priority() != 0) {
            line.add("disk priority " + limits.disk().priority());
        }
        if (limits.runtime().maxProcesses() > 0) {
            line.add("processes " + limits.runtime().maxProcesses());
        }
        limits.runtime().maxDuration().ifPresent(duration -> line.add("duration "
                + Durations.format(duration) + (limits.runtime().autoStop() ? ""
                : " (warn only)")));
        return line.toString();
    }
}
