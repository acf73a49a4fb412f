package dev.coi.kernel.config;

import static dev.coi.kernel.config.ValueTypes.bool;
import static dev.coi.kernel.config.ValueTypes.integer;
import static dev.coi.kernel.config.ValueTypes.optional;
import static dev.coi.kernel.config.ValueTypes.path;
import static dev.coi.kernel.config.ValueTypes.text;

import dev.coi.api.NetworkMode;
import dev.coi.api.PermissionMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every configuration key, in the order {@code config show} prints them. Adding a key is one {@code define} line
 * here plus an accessor where the kernel reads it.
 */
final class ConfigSchema {

    // Filled by define() in declaration order, which is why it comes before the keys.
    private static final List<ConfigKey<?>> DEFINED = new ArrayList<>();

    static final ConfigKey<String> IMAGE = define("defaults.image", text("an image alias like \"coi\""), "coi",
            "CLAUDE_ON_INCUS_IMAGE", "image alias new containers are created from");
    static final ConfigKey<Boolean> PERSISTENT = define("defaults.persistent", bool(), false,
            "CLAUDE_ON_INCUS_PERSISTENT", "keep the container after the session ends");
    static final ConfigKey<String> MODEL = define("defaults.model", optional(text("a model name the AI tool knows")),
            null, null, "model the AI tool is asked to use; unset = the model the tool's plugin names, if any");
    static final ConfigKey<Map<String, String>> ENVIRONMENT = define("defaults.environment",
            ValueTypes.environment(), Map.of(), null, "environment variables given to the AI tool");

    static final ConfigKey<Path> SESSIONS_DIR = defineUnderHome("paths.sessions_dir", ".coi/sessions",
            "CLAUDE_ON_INCUS_SESSIONS_DIR", "where saved sessions live");
    static final ConfigKey<Path> STORAGE_DIR = defineUnderHome("paths.storage_dir", ".coi/storage",
            "CLAUDE_ON_INCUS_STORAGE_DIR", "where coi keeps its own state");
    static final ConfigKey<Path> LOGS_DIR = defineUnderHome("paths.logs_dir", ".coi/logs", null,
            "where coi writes logs");

    static final ConfigKey<Path> INCUS_SOCKET = define("incus.socket", optional(path()), null, null,
            "the Incus unix socket; unset = find it the way the incus client does");
    static final ConfigKey<String> INCUS_REMOTE = define("incus.remote",
            optional(text("a remote name the incus command line knows, like \"big\"")), null, null,
            "an Incus server the incus command line knows (`incus remote list`), reached over HTTPS; unset = the local"
                    + " daemon");
    static final ConfigKey<String> INCUS_TARGET = define("incus.target",
            optional(text("a cluster member's name like \"member1\"")), null, null,
            "the cluster member coi creates containers on (`incus cluster list`); unset = the one the cluster's scheduler"
                    + " picks. A server that is not a cluster refuses it");
    static final ConfigKey<String> INCUS_PROJECT = define("incus.project", text("a project name like \"default\""),
            "default", null, "Incus project containers are created in");
    static final ConfigKey<String> INCUS_GROUP = define("incus.group", text("a group name like \"incus-admin\""),
            "incus-admin", null, "host group that may use Incus");
    static final ConfigKey<Integer> CODE_UID = define("incus.code_uid",
            integer(0, Integer.MAX_VALUE, "a user id of 0 or more like 1000"), 1000, null,
            "uid of the user the AI tool runs as in the container");
    static final ConfigKey<String> CODE_USER = define("incus.code_user", text("a user name like \"code\""), "code",
            null, "user the AI tool runs as in the container");
    static final ConfigKey<Boolean> DISABLE_SHIFT = define("incus.disable_shift", bool(), false, null,
            "no effect, kept so that older configs load: coi never shifts a disk, it maps the workspace owner"
                    + " with raw.idmap");

    /** The kernel's values only; {@link ExtensionSchema} adds those of the host environment extensions. */
    static final ConfigKey<String> HOST_ENVIRONMENT = define("host.environment",
            ValueTypes.oneOf(List.of("auto", "linux")), "auto", null,
            "the host coi runs on: auto = let the host environment plugins recognise it, linux = a plain host that"
                    + " none applies to, or a value a plugin adds to name its kind of host");

    static final ConfigKey<NetworkMode> NETWORK_MODE = define("network.mode",
            ValueTypes.choice(NetworkMode.values()), NetworkMode.RESTRICTED, null,
            "what the container may reach: restricted, open or allowlist");
    /** The kernel's value only; {@link ExtensionSchema} adds the names of the network backends installed. */
    static final ConfigKey<String> NETWORK_BACKEND = define("network.backend", ValueTypes.oneOf(List.of("auto")),
            "auto", "COI_NETWORK_BACKEND", "what puts the rules of filtered containers in place: auto = the fastest"
                    + " backend that works on the host (coi health says which), or a backend's name (nftables,"
                    + " firewalld, or one a plugin adds)");
    static final ConfigKey<Boolean> BLOCK_PRIVATE_NETWORKS = define("network.block_private_networks", bool(), true,
            null, "restricted mode rejects private (RFC 1918) and carrier-grade NAT (100.64.0.0/10, Tailscale) addresses");
    static final ConfigKey<Boolean> BLOCK_METADATA_ENDPOINT = define("network.block_metadata_endpoint", bool(),
            true, null, "restricted mode rejects the cloud metadata address 169.254.169.254");
    static final ConfigKey<Boolean> ALLOW_LOCAL_NETWORK_ACCESS = define("network.allow_local_network_access",
            bool(), false, null, "allow all private addresses, not only the host");
    /** The kernel's own part of the default; {@link ExtensionSchema} appends what the tool sessions run needs. */
    static final ConfigKey<List<String>> ALLOWED_DOMAINS = define("network.allowed_domains",
            ValueTypes.domains(), List.of("8.8.8.8", "1.1.1.1", "registry.npmjs.org", "npm.pkg.github.com"),
            null, "destinations allowlist mode lets through (replaced, not merged, by a later file); the default"
                    + " ends with those the AI tool's plugin needs");
    static final ConfigKey<Integer> REFRESH_INTERVAL_MINUTES = define("network.refresh_interval_minutes",
            integer(0, Integer.MAX_VALUE, "a whole number of minutes, 0 or more (0 = never refresh)"), 30, null,
            "how often allowlist mode resolves the domains again");
    static final ConfigKey<List<String>> DNS_SERVERS = define("network.dns_servers",
            ValueTypes.listOf(ValueTypes.matching("a DNS server's IP address, with a port if not 53, like \"192.0.2.53\","
                    + " \"192.0.2.53:5353\" or \"[2001:db8::53]:53\"", "[0-9.]+(:\\d{1,5})?|[0-9A-Fa-f:]+|\\[[0-9A-Fa-f:]+]:\\d{1,5}"),
                    "an array of DNS server addresses like [\"192.0.2.53\"]"), List.of(), null,
            "the DNS servers coi's resolver asks for allowlist containers when it follows their DNS (the nftables"
                    + " backend); empty = the host's own, from /etc/resolv.conf");
    static final ConfigKey<Boolean> NETWORK_LOGGING = define("network.logging.enabled", bool(), true, null,
            "log network policy changes");
    static final ConfigKey<Path> NETWORK_LOG_PATH = defineUnderHome("network.logging.path",
            ".coi/logs/network.log", null, "file network policy changes are logged to");

    static final ConfigKey<String> BUILD_BASE = define("build.base", ValueTypes.matching("\"auto\", \"offline\","
                    + " a remote image like \"images:debian/12\", or a local image alias or fingerprint",
                    "auto|offline|images:[A-Za-z0-9][A-Za-z0-9._/-]*|[A-Za-z0-9][A-Za-z0-9._/-]*"), "auto", null,
            "what coi build starts from; auto = the image base's remote image, or offline when that server is out"
                    + " of reach");
    static final ConfigKey<String> BUILD_IMAGES_SERVER = define("build.images_server",
            ValueTypes.matching("an http(s) URL like \"https://images.linuxcontainers.org\"",
                    "https?://[^\\s/]+(/\\S*)?"),
            "https://images.linuxcontainers.org", null, "simplestreams server images:ALIAS bases are pulled from");
    static final ConfigKey<List<Path>> BUILD_CA_CERTIFICATES = define("build.ca_certificates", ValueTypes.paths(),
            List.of(), null, "CA certificates (PEM) coi build adds besides /usr/local/share/ca-certificates");

    /** Unset here: the default is the tool a plugin marks as such ({@link ExtensionSchema}). */
    static final ConfigKey<String> TOOL_NAME = define("tool.name",
            text("the name of an installed AI tool (coi tool list)"), null, null, "the AI coding tool to run");
    static final ConfigKey<String> TOOL_BINARY = define("tool.binary",
            optional(text("a command name")), null, null,
            "command that starts the tool; unset = the tool's own");
    static final ConfigKey<PermissionMode> TOOL_PERMISSION_MODE = define("tool.permission_mode",
            ValueTypes.choice(PermissionMode.values()), PermissionMode.BYPASS, "COI_PERMISSION_MODE",
            "bypass = the tool runs without asking (the container is the sandbox), interactive = it keeps its own"
                    + " approvals");

    static final ConfigKey<List<Mount>> MOUNTS = define("mounts.default", new MountListType(),
            List.of(), null, "host directories mounted into every container (appended across files)");

    static final ConfigKey<String> CPU_COUNT = define("limits.cpu.count", optional(LimitTypes.cpuCount()), null,
            "COI_LIMIT_CPU", "CPUs: a count, a range or a list");
    static final ConfigKey<String> CPU_ALLOWANCE = define("limits.cpu.allowance",
            optional(LimitTypes.cpuAllowance()), null, "COI_LIMIT_CPU_ALLOWANCE", "share of CPU time");
    static final ConfigKey<Integer> CPU_PRIORITY = define("limits.cpu.priority", LimitTypes.priority(), 0, null,
            "CPU priority, 0-10");
    static final ConfigKey<String> MEMORY_LIMIT = define("limits.memory.limit", optional(LimitTypes.memory()), null,
            "COI_LIMIT_MEMORY", "memory: a size or a percentage of the host's");
    static final ConfigKey<Limits.MemoryEnforce> MEMORY_ENFORCE = define("limits.memory.enforce",
            ValueTypes.choice(Limits.MemoryEnforce.values()), Limits.MemoryEnforce.SOFT, null, "hard or soft memory limit");
    static final ConfigKey<String> MEMORY_SWAP = define("limits.memory.swap", LimitTypes.swap(), "true",
            "COI_LIMIT_MEMORY_SWAP", "swap: true, false or a size");
    static final ConfigKey<String> DISK_READ = define("limits.disk.read", optional(LimitTypes.diskRate()), null,
            "COI_LIMIT_DISK_READ", "disk read rate");
    static final ConfigKey<String> DISK_WRITE = define("limits.disk.write", optional(LimitTypes.diskRate()), null,
            "COI_LIMIT_DISK_WRITE", "disk write rate");
    static final ConfigKey<String> DISK_MAX = define("limits.disk.max", optional(LimitTypes.diskRate()), null,
            null, "combined disk rate (overrides read and write)");
    static final ConfigKey<Integer> DISK_PRIORITY = define("limits.disk.priority", LimitTypes.priority(), 0, null,
            "disk priority, 0-10");
    static final ConfigKey<String> TMPFS_SIZE = define("limits.disk.tmpfs_size", optional(LimitTypes.size()), null,
            null, "size of /tmp as tmpfs");
    static final ConfigKey<Duration> MAX_DURATION = define("limits.runtime.max_duration",
            optional(LimitTypes.duration()), null, "COI_LIMIT_DURATION", "stop the session after this long");
    static final ConfigKey<Integer> MAX_PROCESSES = define("limits.runtime.max_processes",
            integer(0, Integer.MAX_VALUE, "a whole number, 0 or more (0 = unlimited)"), 0, null,
            "most processes the container may run");
    static final ConfigKey<Boolean> AUTO_STOP = define("limits.runtime.auto_stop", bool(), true, null,
            "stop the container when max_duration is reached");
    static final ConfigKey<Boolean> STOP_GRACEFUL = define("limits.runtime.stop_graceful", bool(), true, null,
            "stop gracefully (true) or force (false)");

    static final ConfigKey<Boolean> PROTECT_GIT = define("security.protect_git", bool(), true, null,
            "mount .git/hooks and .git/config of the workspace read-only in the container");

    static final ConfigKey<String> WORKSPACE_MODE = define("workspace.mode",
            ValueTypes.oneOf(List.of("auto", "mount", "copy")), "auto", "COI_WORKSPACE_MODE",
            "how the workspace reaches the container: mount = bind-mounted (local Incus only), copy = copied in at"
                    + " the start and back with 'coi sync' and at the end, auto = mount where Incus runs on this"
                    + " host");
    static final ConfigKey<Integer> WORKSPACE_MAX_SIZE_MB = define("workspace.max_size_mb",
            integer(1, Integer.MAX_VALUE, "a whole number of MiB, 1 or more"), 10240, null,
            "most MiB of files one sync takes back from a copied workspace");
    static final ConfigKey<Integer> WORKSPACE_MAX_FILES = define("workspace.max_files",
            integer(1, Integer.MAX_VALUE, "a whole number, 1 or more"), 200000, null,
            "most files and folders one sync takes back from a copied workspace");

    static final List<ConfigKey<?>> KEYS = List.copyOf(DEFINED);

    /**
     * {@code tool.NAME.env}: the host environment variables one tool receives. There is one such key per tool, and
     * tools come from plugins and files the schema cannot know, so these keys exist as soon as they are named.
     */
    private static final Pattern TOOL_ENVIRONMENT = Pattern.compile("tool\\.([a-z0-9][a-z0-9_-]*)\\.env");
    private static final Pattern TOOL_SECTION = Pattern.compile("tool\\.[a-z0-9][a-z0-9_-]*");
    private static final Map<String, ConfigKey<List<String>>> TOOL_ENVIRONMENT_KEYS = new ConcurrentHashMap<>();

    /** Keys the reference tool's README shows that do nothing; accepted with a warning so old files still load. */
    static final Map<String, String> LEGACY_KEYS = Map.of(
            "defaults.mount_claude_config", "has no effect: the AI tool's plugin decides what to mount",
            "incus.claude_uid", "has no effect: use incus.code_uid");

    private static final Map<String, ConfigKey<?>> BY_NAME = byName();
    private static final Set<String> SECTIONS = sections();

    private ConfigSchema() {
    }

    private static <T> ConfigKey<T> define(String name, ValueType<T> type, T defaultValue, String envVariable,
            String description) {
        ConfigKey<T> key = new ConfigKey<>(name, type, home -> defaultValue, envVariable, description);
        DEFINED.add(key);
        return key;
    }

    /** A path key whose default lies under the user's home directory, which is only known when loading. */
    private static ConfigKey<Path> defineUnderHome(String name, String underHome, String envVariable,
            String description) {
        ConfigKey<Path> key = new ConfigKey<>(name, path(), home -> home.resolve(underHome), envVariable,
                description);
        DEFINED.add(key);
        return key;
    }

    /** The key with this dotted name, or null. */
    static ConfigKey<?> find(String name) {
        ConfigKey<?> key = BY_NAME.get(name);
        if (key != null) {
            return key;
        }
        Matcher tool = TOOL_ENVIRONMENT.matcher(name);
        return tool.matches() ? toolEnvironment(tool.group(1)) : null;
    }

    /** The key {@code tool.NAME.env}; one instance per tool, so that it can key a map. */
    static ConfigKey<List<String>> toolEnvironment(String tool) {
        return TOOL_ENVIRONMENT_KEYS.computeIfAbsent(tool, name -> new ConfigKey<>("tool." + name + ".env",
                ValueTypes.environmentNames(), home -> List.of(), null,
                "host environment variables passed to " + name + " when they are set (e.g. its API key)"));
    }

    /** Whether the key is a {@code tool.NAME.env} key. */
    static boolean isToolEnvironment(ConfigKey<?> key) {
        return TOOL_ENVIRONMENT.matcher(key.name()).matches() && key.equals(find(key.name()));
    }

    /** Whether the name is a table that holds keys, like {@code limits} or {@code limits.cpu}. */
    static boolean isSection(String name) {
        return SECTIONS.contains(name);
    }

    /** Whether the name may be a tool's own table, like {@code tool.NAME}, which holds its {@code env}. */
    static boolean isToolSection(String name) {
        return TOOL_SECTION.matcher(name).matches() && !BY_NAME.containsKey(name);
    }

    /** Every key and section name, for suggestions. */
    static Set<String> names() {
        Set<String> names = new LinkedHashSet<>(BY_NAME.keySet());
        names.addAll(SECTIONS);
        return names;
    }

    private static Map<String, ConfigKey<?>> byName() {
        Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
        for (ConfigKey<?> key : KEYS) {
            keys.put(key.name(), key);
        }
        return Map.copyOf(keys);
    }

    private static Set<String> sections() {
        Set<String> sections = new LinkedHashSet<>();
        for (ConfigKey<?> key : KEYS) {
            String name = key.name();
            for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                sections.add(name.substring(0, dot));
            }
        }
        return Set.copyOf(sections);
    }
}
