package dev.coi.kernel.config;

import dev.coi.api.AiTool;
import dev.coi.api.ConfigOption;
import dev.coi.api.ConfigSection;
import dev.coi.api.Extension;
import dev.coi.api.ExtensionConfig;
import dev.coi.api.HostEnvironment;
import dev.coi.api.NetworkBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What the loaded extensions add to the configuration: the sections they own, whose keys are read and checked like
 * the kernel's; the values of {@code host.environment} their host environments answer to; and what an AI tool
 * brings when it is the one sessions run (the default tool itself, the destinations it adds to the default
 * allowlist, its model). An extension that throws, or declares what the kernel cannot use, is left out of the part
 * concerned with a warning, never stopping coi.
 */
public final class ExtensionSchema {

    private static final Pattern HOST_VALUE = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    /** The kernel's own values of {@code host.environment}: look at the host, or take it as a plain Linux host. */
    private static final String AUTO = "auto";
    private static final String LINUX = "linux";

    /** The sections an extension owns, with the key of each of its options by option name. */
    private record Owned(Extension extension, ConfigSection section, Map<String, ConfigKey<?>> keys) {
    }

    /** What a tool brings when sessions run it. */
    private record ToolDefaults(List<String> domains, Optional<String> model) {
    }

    private final List<ConfigProblem> warnings = new ArrayList<>();
    private final List<Owned> owned = new ArrayList<>();
    private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
    private final Set<String> sections = new LinkedHashSet<>();
    private final Map<String, ToolDefaults> tools = new LinkedHashMap<>();
    private final ConfigKey<String> hostEnvironment;
    private final ConfigKey<String> networkBackend;
    private final Optional<String> defaultTool;

    private ExtensionSchema(List<? extends Extension> extensions) {
        Set<String> hostValues = new TreeSet<>();
        Set<String> backendNames = new TreeSet<>();
        String firstDefault = null;
        for (Extension extension : extensions) {
            asked(extension, "its configuration section", extension::configSection, Optional.<ConfigSection>empty())
                    .ifPresent(section -> own(extension, section));
            if (extension instanceof HostEnvironment environment) {
                hostValues.addAll(hostValues(environment));
            }
            if (extension instanceof NetworkBackend backend) {
                backendName(backend).ifPresent(backendNames::add);
            }
            if (extension instanceof AiTool tool && !tools.containsKey(tool.name())) {
                tools.put(tool.name(), toolDefaults(tool));
                if (firstDefault == null
                        && asked(extension, "whether it is the default tool", tool::isDefault, false)) {
                    firstDefault = tool.name();
                }
            }
        }
        hostEnvironment = hostEnvironmentKey(hostValues);
        networkBackend = widened(ConfigSchema.NETWORK_BACKEND, backendNames);
        defaultTool = Optional.ofNullable(firstDefault);
    }

    /**
     * The schema of these extensions.
     *
     * @param extensions every loaded extension, in the order plugins were loaded (bundled first)
     * @return the schema
     */
    public static ExtensionSchema of(List<? extends Extension> extensions) {
        return new ExtensionSchema(List.copyOf(extensions));
    }

    /** Without extensions: only the kernel's keys and values, no default tool. */
    static ExtensionSchema none() {
        return of(List.of());
    }

    private void own(Extension extension, ConfigSection section) {
        String first = section.name().split("\\.")[0];
        if (ConfigSchema.isSection(first) || first.equals("profiles") || sections.contains(section.name())) {
            warn(extension, "its configuration section [" + section.name() + "] is left out: "
                    + (sections.contains(section.name()) ? "another extension owns it" : "[" + first + "] is coi's own")
                    + "; the plugin must choose another name");
            return;
        }
        Map<String, ConfigKey<?>> optionKeys = new LinkedHashMap<>();
        for (ConfigOption<?> option : section.options()) {
            ConfigKey<?> key = key(section.name() + "." + option.name(), option);
            optionKeys.put(option.name(), key);
            keys.put(key.name(), key);
        }
        String name = section.name();
        for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
            sections.add(name.substring(0, dot));
        }
        sections.add(name);
        owned.add(new Owned(extension, section, Map.copyOf(optionKeys)));
    }

    private Set<String> hostValues(HostEnvironment environment) {
        Set<String> values = new TreeSet<>();
        for (String value : asked(environment, "its host.environment values", environment::settingValues,
                Set.<String>of())) {
            if (HOST_VALUE.matcher(value).matches() && !value.equals(AUTO) && !value.equals(LINUX)) {
                values.add(value);
            } else {
                warn(environment, "the host.environment value \"" + value + "\" is left out: it must be lower case"
                        + " letters, digits, - and _, and not " + AUTO + " or " + LINUX);
            }
        }
        return values;
    }

    private Optional<String> backendName(NetworkBackend backend) {
        String name = asked(backend, "its name", backend::name, "");
        if (HOST_VALUE.matcher(name).matches() && !name.equals(AUTO)) {
            return Optional.of(name);
        }
        warn(backend, "the network.backend value \"" + name + "\" is left out: it must be lower case letters, digits,"
                + " - and _, and not " + AUTO);
        return Optional.empty();
    }

    /** {@code network.backend} accepting {@code auto}, then the names of the backends installed. */
    private static ConfigKey<String> widened(ConfigKey<String> kernel, Set<String> names) {
        List<String> allowed = new ArrayList<>(List.of(AUTO));
        allowed.addAll(names);
        return new ConfigKey<>(kernel.name(), ValueTypes.oneOf(allowed), kernel.defaultValue(), kernel.envVariable(),
                kernel.description());
    }

    /** {@code host.environment} accepting {@code auto}, then the extensions' values and {@code linux} in order. */
    private static ConfigKey<String> hostEnvironmentKey(Set<String> extensionValues) {
        Set<String> named = new TreeSet<>(extensionValues);
        named.add(LINUX);
        List<String> allowed = new ArrayList<>(List.of(AUTO));
        allowed.addAll(named);
        ConfigKey<String> kernel = ConfigSchema.HOST_ENVIRONMENT;
        return new ConfigKey<>(kernel.name(), ValueTypes.oneOf(allowed), kernel.defaultValue(), kernel.envVariable(),
                kernel.description());
    }

    private static <T> ConfigKey<T> key(String name, ConfigOption<T> option) {
        T defaultValue = option.defaultValue();
        return new ConfigKey<>(name, OptionTypes.of(option), home -> defaultValue, null, option.description());
    }

    private ToolDefaults toolDefaults(AiTool tool) {
        List<String> domains = new ArrayList<>();
        for (String domain : asked(tool, "the domains it needs", tool::allowedDomains, List.<String>of())) {
            if (ValueTypes.isDomain(domain)) {
                domains.add(domain);
            } else {
                warn(tool, "\"" + domain + "\" is left out of the default allowed_domains: it is not a domain name,"
                        + " an IP address or a network");
            }
        }
        Optional<String> model = asked(tool, "its default model", tool::defaultModel, Optional.<String>empty())
                .filter(name -> !name.isBlank());
        return new ToolDefaults(List.copyOf(domains), model);
    }

    /** Asks an extension, which may be a third party's and fail; then it is reported and {@code fallback} used. */
    private <T> T asked(Extension extension, String what, Supplier<T> question, T fallback) {
        try {
            T answer = question.get();
            return answer == null ? fallback : answer;
        } catch (RuntimeException | LinkageError e) {
            warn(extension, "could not tell " + what + " (" + e + "); it is left out");
            return fallback;
        }
    }

    private void warn(Extension extension, String message) {
        warnings.add(new ConfigProblem("extension " + extension.name(), message));
    }

    /** What the kernel could not use of what extensions declared. */
    List<ConfigProblem> warnings() {
        return List.copyOf(warnings);
    }

    /** The key with this dotted name, the kernel's or an extension's, or null. */
    ConfigKey<?> find(String name) {
        ConfigKey<?> key = keys.get(name);
        if (key != null) {
            return key;
        }
        if (name.equals(hostEnvironment.name())) {
            return hostEnvironment;
        }
        return name.equals(networkBackend.name()) ? networkBackend : ConfigSchema.find(name);
    }

    /** Whether the name is a table that holds keys, the kernel's or an extension's. */
    boolean isSection(String name) {
        return ConfigSchema.isSection(name) || sections.contains(name);
    }

    /** Every key and section name, for suggestions. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>(ConfigSchema.names());
        names.addAll(keys.keySet());
        names.addAll(sections);
        return names;
    }

    /** The keys extensions declared, in the order they were loaded. */
    List<ConfigKey<?>> keys() {
        return List.copyOf(keys.values());
    }

    /** The built-in defaults: the kernel's, every extension key's, and the default tool when an extension is one. */
    Layer defaults(Path home) {
        Layer layer = new Layer();
        for (ConfigKey<?> key : ConfigSchema.KEYS) {
            layer.set(key, key.defaultValue().apply(home), "default");
        }
        for (ConfigKey<?> key : keys.values()) {
            layer.set(key, key.defaultValue().apply(home), "default");
        }
        defaultTool.ifPresent(name -> layer.set(ConfigSchema.TOOL_NAME, name, "default"));
        return layer;
    }

    /**
     * The defaults that depend on the tool sessions run, over the built-in ones: the kernel's allowed domains followed
     * by the tool's, and its model.
     *
     * @param tool the tool's name; null or unknown gives no defaults of its own
     */
    Layer forTool(String tool) {
        Layer layer = new Layer();
        ToolDefaults defaults = tool == null ? null : tools.get(tool);
        if (defaults != null) {
            Set<String> domains = new LinkedHashSet<>(ConfigSchema.ALLOWED_DOMAINS.defaultValue().apply(Path.of("")));
            domains.addAll(defaults.domains());
            layer.set(ConfigSchema.ALLOWED_DOMAINS, List.copyOf(domains), "default");
            defaults.model().ifPresent(model -> layer.set(ConfigSchema.MODEL, model, "default"));
        }
        return layer;
    }

    /** The tool sessions run when no source names one. */
    Optional<String> defaultTool() {
        return defaultTool;
    }

    /**
     * Hands every extension that owns a section its values.
     *
     * @return what went wrong in extensions' {@link Extension#configure}, one line each; they go on with what they had
     */
    List<String> configure(CoiConfig config) {
        List<String> failures = new ArrayList<>();
        for (Owned section : owned) {
            try {
                section.extension().configure(values(section, config));
            } catch (RuntimeException | LinkageError e) {
                failures.add("extension " + section.extension().name() + " could not take its settings ["
                        + section.section().name() + "]: " + e);
            }
        }
        return failures;
    }

    /**
     * The values of an extension's section, by option name; empty for an extension without one.
     *
     * @param extension the extension
     * @param config the configuration
     */
    Map<String, Object> values(Extension extension, CoiConfig config) {
        Map<String, Object> values = new LinkedHashMap<>();
        owned.stream().filter(section -> section.extension() == extension).findFirst().ifPresent(section ->
                section.keys().forEach((option, key) -> values.put(option, config.get(key))));
        return values;
    }

    private static ExtensionConfig values(Owned section, CoiConfig config) {
        return new ExtensionConfig() {
            // Safe: the key was made from an option of this name and kind, whose type reads values of T.
            @SuppressWarnings("unchecked")
            @Override
            public <T> T get(ConfigOption<T> option) {
                ConfigKey<?> key = section.keys().get(option.name());
                if (key == null || section.section().options().stream()
                        .noneMatch(own -> own.name().equals(option.name()) && own.kind() == option.kind())) {
                    throw new IllegalArgumentException("[" + section.section().name() + "] has no option "
                            + option.name() + " of kind " + option.kind());
                }
                return (T) config.get(key);
            }
        };
    }
}
