package dev.coi.kernel.incus;

import dev.coi.api.CommandResult;
import dev.coi.api.ImageBuildRequest;
import dev.coi.api.ExecOptions;
import dev.coi.api.FileOwnership;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A container runtime in memory, for unit tests of the session services: instances with status, configuration and
 * devices, files by path, image aliases, the default profile's devices, managed networks with their leases, and a
 * log of every call that changes something or runs a command. Commands answer as scripted by their program, exit
 * code 0 otherwise. Instances behave as Incus' do where the services depend on it: a create of a taken name is a
 * conflict, a running instance is not deleted, an ephemeral one goes when it stops, a stopped one runs no commands.
 * Safe to use from several threads, as sessions started together do.
 */
public final class FakeRuntime implements ContainerRuntime {

    private final Map<String, Instance> instances = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Map<String, byte[]>> files = new ConcurrentHashMap<>();
    private final Set<String> aliases = new HashSet<>();
    private final Map<String, String> installedTools = new HashMap<>();
    private final Map<String, Function<List<String>, CommandResult>> programs = new HashMap<>();
    private final Map<String, RuntimeException> createFailures = new HashMap<>();
    private final Map<String, RuntimeException> gracefulStopFailures = new HashMap<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, NetworkInfo> networks = new HashMap<>();
    private final Map<String, List<String>> leases = new HashMap<>();
    private Map<String, Map<String, String>> profileDevices = Map.of();

    /** Adds an instance as if another process had made it. */
    public FakeRuntime with(String name, String status, Map<String, String> config) {
        instances.put(name, instance(name, status, false, config, Map.of()));
        return this;
    }

    /** Adds an instance with devices of its own (and no profile devices), e.g. a card on a bridge. */
    public FakeRuntime with(String name, String status, Map<String, String> config,
            Map<String, Map<String, String>> devices) {
        instances.put(name, instance(name, status, false, config, devices));
        return this;
    }

    /** Sets the devices of the {@code default} profile. */
    public FakeRuntime withProfileDevices(Map<String, Map<String, String>> devices) {
        profileDevices = Map.copyOf(devices);
        return this;
    }

    /** Makes a network known, with the addresses it has handed out. */
    public FakeRuntime withNetwork(NetworkInfo network, String... leased) {
        networks.put(network.name(), network);
        leases.put(network.name(), List.of(leased));
        return this;
    }

    /** Makes an image alias known. */
    public FakeRuntime withImage(String alias) {
        aliases.add(alias);
        return this;
    }

    /** Makes an image alias known whose build recorded these tools ({@code "claude codex"}). */
    public FakeRuntime withImage(String alias, String tools) {
        aliases.add(alias);
        installedTools.put(alias, tools);
        return this;
    }

    /** Puts a file into an instance. */
    public FakeRuntime withFile(String instance, String path, String content) {
        files.computeIfAbsent(instance, name -> new ConcurrentHashMap<>()).put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Scripts what a program answers, by its name (the first word of the command as the service runs it). */
    public FakeRuntime answering(String program, Function<List<String>, CommandResult> answer) {
        programs.put(program, answer);
        return this;
    }

    /**
     * Makes the create of an instance of that name fail as when Incus made the instance but could not start it: the
     * instance stays, stopped.
     */
    public FakeRuntime failingCreate(String name, RuntimeException failure) {
        createFailures.put(name, failure);
        return this;
    }

    /** Makes the graceful stops of an instance fail, as when it does not shut down in time; a forced one works. */
    public FakeRuntime failingGracefulStop(String name, RuntimeException failure) {
        gracefulStopFailures.put(name, failure);
        return this;
    }

    /** Every call that changed an instance or ran a command, e.g. {@code "create x"}, {@code "stop x force"}. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The names of the instances there are now. */
    public Set<String> names() {
        synchronized (instances) {
            return Set.copyOf(instances.keySet());
        }
    }

    /** An instance as it is now. */
    public Instance get(String name) {
        Instance instance = instances.get(name);
        if (instance == null) {
            throw new AssertionError("no instance " + name + "; there are " + instances.keySet());
        }
        return instance;
    }

    @Override
    public List<Instance> instances() {
        synchronized (instances) {
            return List.copyOf(instances.values());
        }
    }

    @Override
    public Optional<Instance> instance(String name) {
        return Optional.ofNullable(instances.get(name));
    }

    @Override
    public Optional<Instance> instanceWithState(String name) {
        return instance(name);
    }

    @Override
    public Optional<InstanceState> instanceState(String name) {
        return Optional.empty();
    }

    @Override
    public synchronized void create(InstanceSpec spec) {
        calls.add("create " + spec.name());
        if (instances.containsKey(spec.name())) {
            throw new IncusConflictException("Incus could not create instance " + spec.name() + ": it exists",
                    "already exists");
        }
        RuntimeException failure = createFailures.get(spec.name());
        instances.put(spec.name(), instance(spec.name(), spec.start() && failure == null ? "Running" : "Stopped",
                spec.ephemeral(), spec.config(), spec.devices()));
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public synchronized void start(String name) {
        calls.add("start " + name);
        Instance instance = existing(name);
        instances.put(name, withStatus(instance, "Running"));
    }

    @Override
    public synchronized void freeze(String name) {
        calls.add("freeze " + name);
        instances.put(name, withStatus(existing(name), "Frozen"));
    }

    @Override
    public synchronized void unfreeze(String name) {
        calls.add("unfreeze " + name);
        instances.put(name, withStatus(existing(name), "Running"));
    }

    @Override
    public synchronized void stop(String name, Duration timeout, boolean force) {
        calls.add("stop " + name + (force ? " force" : ""));
        Instance instance = existing(name);
        RuntimeException failure = gracefulStopFailures.get(name);
        if (failure != null && !force) {
            throw failure;
        }
        if (!instance.isRunning()) {
            throw new IncusException("Incus could not stop instance " + name + ": The instance is already stopped", 400,
                    "The instance is already stopped", null);
        }
        if (instance.ephemeral()) {
            instances.remove(name);
        } else {
            instances.put(name, withStatus(instance, "Stopped"));
        }
    }

    @Override
    public synchronized void delete(String name) {
        calls.add("delete " + name);
        if (existing(name).isRunning()) {
            throw new IncusException("Incus could not delete instance " + name + ": Instance is running", 400,
                    "Instance is running", null);
        }
        instances.remove(name);
        files.remove(name);
    }

    @Override
    public synchronized boolean deleteForcibly(String name) {
        calls.add("deleteForcibly " + name);
        files.remove(name);
        return instances.remove(name) != null;
    }

    @Override
    public synchronized void update(String name, Map<String, String> config,
            Map<String, Map<String, String>> devices) {
        calls.add("update " + name + " " + new TreeMap<>(config) + " " + new TreeMap<>(devices));
        Instance instance = existing(name);
        Map<String, String> newConfig = new HashMap<>(instance.config());
        newConfig.putAll(config);
        Map<String, Map<String, String>> newDevices = new HashMap<>(instance.devices());
        newDevices.putAll(devices);
        instances.put(name, instance(name, instance.status(), instance.ephemeral(), newConfig, newDevices));
    }

    @Override
    public CommandResult exec(String name, List<String> command, ExecOptions options) {
        calls.add("exec " + name + " " + String.join(" ", command));
        if (!existing(name).isRunning()) {
            throw new IncusException("Incus could not run a command in instance " + name + ": Instance is not running",
                    400, "Instance is not running", null);
        }
        return programs.getOrDefault(command.getFirst(), words -> new CommandResult(0, "", "")).apply(command);
    }

    @Override
    public CommandResult exec(String name, List<String> command, ExecOptions options, Duration timeout) {
        return exec(name, command, options);
    }

    @Override
    public CommandResult execAtMostOnce(String name, List<String> command, ExecOptions options, Duration timeout) {
        return exec(name, command, options);
    }

    @Override
    public ContainerFiles files() {
        return new InMemoryFiles();
    }

    @Override
    public ImageLookup images() {
        return new ImageLookup() {
            @Override
            public Optional<ImageInfo> image(String fingerprint) {
                return Optional.ofNullable(installedTools.get(fingerprint.replaceFirst("^f1ngerpr1nt-", "")))
                        .map(tools -> new ImageInfo(fingerprint, List.of(), 0, null, null,
                                Map.of(ImageBuildRequest.INSTALLED_TOOLS_PROPERTY, tools), "x86_64", "container",
                                false));
            }

            @Override
            public Optional<ImageAlias> alias(String name) {
                return aliases.contains(name) ? Optional.of(new ImageAlias(name, "f1ngerpr1nt-" + name, ""))
                        : Optional.empty();
            }
        };
    }

    @Override
    public NetworkLookups networks() {
        return new NetworkLookups() {
            @Override
            public Optional<NetworkInfo> network(String name) {
                return Optional.ofNullable(networks.get(name));
            }

            @Override
            public List<InstanceState.Address> networkAddresses(String name) {
                return List.of();
            }

            @Override
            public List<String> networkLeaseAddresses(String name) {
                return leases.getOrDefault(name, List.of());
            }

            @Override
            public List<NetworkLease> networkLeases(String name) {
                return networkLeaseAddresses(name).stream()
                        .map(address -> new NetworkLease("", "", address, "dynamic", "")).toList();
            }
        };
    }

    @Override
    public Optional<Map<String, Map<String, String>>> profileDevices(String name) {
        return "default".equals(name) ? Optional.of(profileDevices) : Optional.empty();
    }

    private Instance existing(String name) {
        Instance instance = instances.get(name);
        if (instance == null) {
            throw new IncusNotFoundException("Incus could not find instance " + name + ": Instance not found",
                    "Instance not found");
        }
        return instance;
    }

    private static Instance withStatus(Instance instance, String status) {
        return instance(instance.name(), status, instance.ephemeral(), instance.config(), instance.devices());
    }

    private static Instance instance(String name, String status, boolean ephemeral, Map<String, String> config,
            Map<String, Map<String, String>> devices) {
        return new Instance(name, "container", status, ephemeral, config, devices, config, devices, List.of("default"),
                null, null, null);
    }

    /** Files by path per instance; a pulled path becomes a host file with the same content. */
    private final class InMemoryFiles implements ContainerFiles {

        @Override
        public void write(String instance, String path, byte[] content, FileOwnership ownership) {
            calls.add("write " + instance + " " + path);
            existing(instance);
            FakeRuntime.this.files.computeIfAbsent(instance, name -> new ConcurrentHashMap<>()).put(path, content.clone());
        }

        @Override
        public void mkdir(String instance, String path, FileOwnership ownership) {
            calls.add("mkdir " + instance + " " + path);
            existing(instance);
        }

        @Override
        public ContainerFile read(String instance, String path) {
            return new ContainerFile("file", 0, 0, 0644, content(instance, path), List.of());
        }

        @Override
        public java.io.InputStream open(String instance, String path) {
            return new java.io.ByteArrayInputStream(content(instance, path));
        }

        @Override
        public String type(String instance, String path) {
            content(instance, path);
            return "file";
        }

        @Override
        public boolean delete(String instance, String path) {
            calls.add("delete " + instance + " " + path);
            Map<String, byte[]> inInstance = FakeRuntime.this.files.get(instance);
            return inInstance != null && inInstance.remove(path) != null;
        }

        @Override
        public void push(String instance, Path source, String destination, int uid, int gid) {
            throw new UnsupportedOperationException("the fake runtime copies no trees in");
        }

        @Override
        public void pull(String instance, String source, Path destination) {
            byte[] content = content(instance, source);
            try {
                Files.createDirectories(destination.getParent());
                Files.write(destination, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private byte[] content(String instance, String path) {
            existing(instance);
            byte[] content = FakeRuntime.this.files.getOrDefault(instance, Map.of()).get(path);
            if (content == null) {
                throw new IncusNotFoundException("Incus could not read " + path + " in instance " + instance
                        + ": not found", "not found");
            }
            return content;
        }
    }
}
