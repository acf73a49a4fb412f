/**
 * coi's configuration: TOML files, environment variables, a profile and flags merged into one {@link
 * dev.coi.kernel.config.CoiConfig} in which every value knows where it came from.
 *
 * <h2>Sources, lowest precedence first</h2>
 * <ol>
 *   <li>built-in defaults (origin {@code default});</li>
 *   <li>{@code /etc/coi/config.toml};</li>
 *   <li>{@code $XDG_CONFIG_HOME/coi/config.toml}, else {@code ~/.config/coi/config.toml};</li>
 *   <li>{@code .coi.toml} in the working directory;</li>
 *   <li>the file {@code $COI_CONFIG} names (a warning when it does not exist);</li>
 *   <li>the profile chosen with {@code --profile} (origin {@code profile NAME (from FILE)});</li>
 *   <li>environment variables (origin {@code env NAME});</li>
 *   <li>command-line flags (origin {@code flag --name}).</li>
 * </ol>
 * Missing files are skipped. Environment variables rank above the profile because, like flags, they are set for
 * one invocation or one shell, while a profile is a named bundle of file settings.
 *
 * <h2>Merging</h2>
 * A source that leaves a key out never changes it: a file without {@code block_private_networks} keeps the
 * default {@code true} (the reference tool reset such booleans to false). {@code network.allowed_domains} and
 * {@code defaults.environment} are replaced as a whole by a later source that sets them; {@code [[mounts.default]]}
 * entries are appended across all sources. For keys whose default is "none" (limits, {@code incus.socket},
 * {@code tool.binary}), {@code ""} clears a value an earlier source set.
 *
 * <h2>Profiles</h2>
 * {@code [profiles.NAME]} may set any key: {@code image}, {@code persistent}, {@code model} and {@code environment}
 * are short for the {@code defaults.} keys, and tables such as {@code [profiles.NAME.limits.cpu]} set the others. A
 * later file that defines a profile of the same name replaces the earlier definition whole. Every profile is
 * checked on every load, used or not.
 *
 * <h2>Keys of extensions</h2>
 * {@link dev.coi.kernel.config.ExtensionSchema} adds what the loaded extensions declare: the sections they own
 * ({@code dev.coi.api.ConfigSection}), read and checked like the kernel's keys and handed back to them by {@link
 * dev.coi.kernel.config.CoiConfig#configureExtensions()}; the values of {@code host.environment} host environments
 * answer to; and the defaults of the tool sessions run, which lie right over the built-in ones: the tool named by
 * default, its domains after the kernel's in {@code network.allowed_domains}, its {@code defaults.model}.
 *
 * <h2>The workspace's file</h2>
 * {@code .coi.toml} in the working directory is usually in the workspace, where the AI tool can edit it. {@link
 * dev.coi.kernel.config.LoadedConfig#workspaceWidening()} lists what it loosens compared with the configuration
 * without it (a less strict network mode, more allowed domains, local networks allowed, private or metadata
 * blocking off, host mounts, git protection off, any change to an extension's key), also in each profile it
 * defines, with the SHA-256 of the content read; commands that make containers need the user's consent to that
 * content first.
 *
 * <h2>Problems</h2>
 * TOML syntax errors and bad values fail the load with a {@link dev.coi.kernel.config.ConfigException} holding every
 * error found in every source, each with {@code FILE:LINE:COLUMN}, the key, the value given and what is expected.
 * Unknown keys and legacy keys are warnings returned in {@link dev.coi.kernel.config.LoadedConfig#warnings()}.
 * Nothing here prints or creates directories.
 *
 * <h2>{@code config show --format json}</h2>
 * {@link dev.coi.kernel.config.ConfigRenderer#toJson} writes one object whose members are the dotted keys in schema
 * order: {@code {"network.mode": {"value": "restricted", "origin": "default"}, ...}}. Values are JSON strings,
 * booleans, numbers, arrays, objects or {@code null} (unset); durations and sizes are strings as written in TOML;
 * {@code mounts.default} is an array of {@code {"host", "container"}} objects.
 */
package dev.coi.kernel.config;
