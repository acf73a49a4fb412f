package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigSchema.*;

import dev.coi.api.Extension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The effective configuration: typed settings for the kernel, and every key with its value and origin for
 * {@code config show}. Immutable; made by {@link ConfigLoader}.
 */
public final class CoiConfig {

    private final Map<ConfigKey<?>, Setting> settings;
    private final Optional<String> profile;
    private final ExtensionSchema extensions;

    CoiConfig(Map<ConfigKey<?>, Setting> settings, Optional<String> profile, ExtensionSchema extensions) {
        this.settings = Map.copyOf(settings);
        this.profile = profile;
        this.extensions = extensions;
    }

    /** @return the image alias new containers are created from ({@code defaults.image}) */
    public String image() {
        return get(IMAGE);
    }

    /** @return whether containers are kept after the session ({@code defaults.persistent}) */
    public boolean persistent() {
        return get(PERSISTENT);
    }

    /** @return the model the AI tool is asked to use ({@code defaults.model}), unless it chooses by itself */
    public Optional<String> model() {
        return Optional.ofNullable(get(MODEL));
    }

    /** @return environment variables for the AI tool ({@code defaults.environment}, a profile's {@code environment}) */
    public Map<String, String> environment() {
        return get(ENVIRONMENT);
    }

    /** @return the {@code [paths]} settings */
    public PathSettings paths() {
        return new PathSettings(get(SESSIONS_DIR), get(STORAGE_DIR), get(LOGS_DIR));
    }

    /** @return the {@code [incus]} settings */
    public IncusSettings incus() {
        return new IncusSettings(Optional.ofNullable(get(INCUS_SOCKET)), Optional.ofNullable(get(INCUS_REMOTE)),
                Optional.ofNullable(get(INCUS_TARGET)),
                get(INCUS_PROJECT), get(INCUS_GROUP),
                get(CODE_UID), get(CODE_USER), get(DISABLE_SHIFT));
    }

    /** @return the {@code [network]} settings */
    public NetworkSettings network() {
        return new NetworkSettings(get(NETWORK_MODE), get(BLOCK_PRIVATE_NETWORKS), get(BLOCK_METADATA_ENDPOINT),
                get(ALLOW_LOCAL_NETWORK_ACCESS), get(ALLOWED_DOMAINS), get(REFRESH_INTERVAL_MINUTES),
                get(NETWORK_LOGGING), get(NETWORK_LOG_PATH), get(DNS_SERVERS));
    }

    /** @return {@code network.backend}: {@code auto} or the name of the backend that puts new rules in place */
    public String networkBackend() {
        return get(NETWORK_BACKEND);
    }

    /** @return the {@code [build]} settings */
    public BuildSettings build() {
        return new BuildSettings(get(BUILD_BASE), get(BUILD_IMAGES_SERVER), get(BUILD_CA_CERTIFICATES));
    }

    /** @return the {@code [tool]} settings */
    public ToolSettings tool() {
        return new ToolSettings(Optional.ofNullable(get(TOOL_NAME)).orElse(""), Optional.ofNullable(get(TOOL_BINARY)),
                get(TOOL_PERMISSION_MODE));
    }

    /**
     * @param tool a tool name
     * @return the host environment variables the tool receives when they are set ({@code tool.NAME.env})
     */
    public List<String> toolEnvironment(String tool) {
        return get(ConfigSchema.toolEnvironment(tool));
    }

    /** @return every {@code tool.NAME.env} a source set, by tool name */
    public Map<String, List<String>> toolEnvironments() {
        Map<String, List<String>> byTool = new TreeMap<>();
        settings.keySet().stream().filter(ConfigSchema::isToolEnvironment).forEach(key ->
                byTool.put(key.section().substring("tool.".length()), get(ConfigSchema.toolEnvironment(
                        key.section().substring("tool.".length())))));
        return byTool;
    }

    /** @return the {@code [[mounts.default]]} mounts of all files, in precedence order */
    public List<Mount> mounts() {
        return get(MOUNTS);
    }

    /** @return the {@code [limits]} settings */
    public Limits limits() {
        return new Limits(
                new Limits.Cpu(Optional.ofNullable(get(CPU_COUNT)), Optional.ofNullable(get(CPU_ALLOWANCE)),
                        get(CPU_PRIORITY)),
                new Limits.Memory(Optional.ofNullable(get(MEMORY_LIMIT)), get(MEMORY_ENFORCE), get(MEMORY_SWAP)),
                new Limits.Disk(Optional.ofNullable(get(DISK_READ)), Optional.ofNullable(get(DISK_WRITE)),
                        Optional.ofNullable(get(DISK_MAX)), get(DISK_PRIORITY), Optional.ofNullable(get(TMPFS_SIZE))),
                new Limits.Runtime(Optional.ofNullable(get(MAX_DURATION)), get(MAX_PROCESSES), get(AUTO_STOP),
                        get(STOP_GRACEFUL)));
    }

    /**
     * @return whether the workspace's repository is guarded ({@code security.protect_git}): its config, hooks and
     *         pointer files read-only in containers, and checked at the session's end
     */
    public boolean protectGit() {
        return get(PROTECT_GIT);
    }

    /** The {@code workspace.*} keys: how the workspace reaches the container, and the bounds of a copy's sync. */
    public WorkspaceSettings workspace() {
        return new WorkspaceSettings(get(WORKSPACE_MODE), get(WORKSPACE_MAX_SIZE_MB) * 1024L * 1024L,
                get(WORKSPACE_MAX_FILES));
    }

    /** @return the profile applied, if any */
    public Optional<String> profile() {
        return profile;
    }

    /**
     * Hands every extension that owns a configuration section its values; to be done once the configuration is the
     * one the command uses, before the extensions are asked for anything else.
     *
     * @return what went wrong in an extension's {@code configure}, one line each, to report as warnings
     */
    public List<String> configureExtensions() {
        return extensions.configure(this);
    }

    /**
     * The values of the section an extension owns, by option name: what it was {@linkplain #configureExtensions()
     * configured} with.
     *
     * @param extension a loaded extension
     * @return the values; empty when it owns no section
     */
    public Map<String, Object> extensionValues(Extension extension) {
        return extensions.values(extension, this);
    }

    /** Whether the dotted key is one an extension declared. */
    boolean isExtensionKey(String key) {
        return extensions.keys().stream().anyMatch(own -> own.name().equals(key));
    }

    /** @return every key in schema order, the extensions' after the kernel's, with its value and origin */
    public List<ConfigEntry> entries() {
        List<ConfigEntry> entries = new ArrayList<>();
        for (ConfigKey<?> key : KEYS) {
            entries.add(entry(key));
        }
        extensions.keys().forEach(key -> entries.add(entry(key)));
        toolEnvironments().keySet().forEach(tool -> entries.add(entry(ConfigSchema.toolEnvironment(tool))));
        return List.copyOf(entries);
    }

    /**
     * One key with its value and origin.
     *
     * @param key a dotted key like {@code network.mode}
     * @return the entry, or empty when there is no such key
     */
    public Optional<ConfigEntry> entry(String key) {
        return Optional.ofNullable(extensions.find(key)).map(this::entry);
    }

    private <T> ConfigEntry entry(ConfigKey<T> key) {
        T value = get(key);
        return new ConfigEntry(key.name(), value == null ? null : key.type().display(value),
                setting(key).origin(), key.description());
    }

    // Safe: every value was produced by the key's own type.
    @SuppressWarnings("unchecked")
    <T> T get(ConfigKey<T> key) {
        return (T) setting(key).value();
    }

    /** A {@code tool.NAME.env} key no source set has no default in the layers: its default is no variables. */
    private Setting setting(ConfigKey<?> key) {
        Setting setting = settings.get(key);
        return setting != null ? setting : new Setting(List.of(), "default");
    }
}
