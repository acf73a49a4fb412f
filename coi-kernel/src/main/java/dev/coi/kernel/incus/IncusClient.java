package dev.coi.kernel.incus;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.incus.http.HttpRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A client for the REST API of the local Incus daemon over its unix socket, or of a remote server over HTTPS, using
 * the JDK only (and Jackson).
 * Every method runs to the end of what it asks for: background operations are waited for, so a returned
 * call is done. Failures are {@link IncusException}s whose messages say what to do. Each request connects
 * anew, so the client holds no resources between calls and is safe for use by several threads.
 */
public final class IncusClient implements ContainerRuntime, NetworkLookups {

    /** How long one request may wait for an answer, unless it waits on purpose. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** How long a background operation (create, start, image import, ...) may take. */
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofMinutes(10);

    private static final TypeReference<List<Instance>> INSTANCES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Map<String, String>>> DEVICES = new TypeReference<>() {
    };
    private static final TypeReference<List<InstanceState.Address>> ADDRESSES = new TypeReference<>() {
    };
    private static final TypeReference<List<InstanceSnapshot>> SNAPSHOTS = new TypeReference<>() {
    };
    private static final TypeReference<List<NetworkLease>> LEASES = new TypeReference<>() {
    };

    private final IncusApi api;
    private final List<InstanceEnds> listeners = new CopyOnWriteArrayList<>();
    private final Duration operationTimeout;
    private final InstanceExec exec;
    private final IncusFiles files;
    private final IncusImages images;
    private final String target;
    private volatile ContainerHost host;

    /**
     * Creates a client.
     *
     * @param endpoint the socket or remote server
     * @param requestTimeout how long one request may wait for an answer
     * @param operationTimeout how long a background operation may take
     */
    public IncusClient(IncusEndpoint endpoint, Duration requestTimeout, Duration operationTimeout) {
        this(endpoint, requestTimeout, operationTimeout, IncusApi.DEFAULT_PROJECT);
    }

    /**
     * Creates a client that works in an Incus project: every request names it, so that coi's containers, and the
     * profile they are created from, are the project's.
     *
     * @param endpoint the socket or remote server
     * @param requestTimeout how long one request may wait for an answer
     * @param operationTimeout how long a background operation may take
     * @param project the project ({@code incus.project}); {@code default} or blank for the default project
     */
    public IncusClient(IncusEndpoint endpoint, Duration requestTimeout, Duration operationTimeout, String project) {
        this(endpoint, requestTimeout, operationTimeout, project, null);
    }

    /**
     * Creates a client that works in an Incus project and creates its containers on one member of a cluster.
     *
     * @param endpoint the socket or remote server
     * @param requestTimeout how long one request may wait for an answer
     * @param operationTimeout how long a background operation may take
     * @param project the project ({@code incus.project}); {@code default} or blank for the default project
     * @param target the cluster member new containers are created on ({@code incus.target}); null or blank for the
     *               one the cluster's scheduler picks, and for a server that is not a cluster
     */
    public IncusClient(IncusEndpoint endpoint, Duration requestTimeout, Duration operationTimeout, String project,
            String target) {
        this.api = new IncusApi(endpoint, requestTimeout, project);
        this.target = target == null || target.isBlank() ? null : target;
        this.operationTimeout = operationTimeout;
        this.exec = new InstanceExec(api);
        this.files = new IncusFiles(api);
        this.images = new IncusImages(api, operationTimeout);
    }

    /**
     * A client for the socket the {@code incus} command line would use, unless the setting names another.
     *
     * @param configuredSocket the setting {@code incus.socket}, or null or blank when not set
     * @return the client
     * @see SocketLocator
     */
    public static IncusClient local(String configuredSocket) {
        return new IncusClient(SocketLocator.ofSystem().locate(configuredSocket), DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_OPERATION_TIMEOUT);
    }

    /**
     * The Incus project every request is made in.
     *
     * @return the project's name
     */
    public String project() {
        return api.project();
    }

    /**
     * Where the client reaches Incus.
     *
     * @return the socket or remote server
     */
    public IncusEndpoint endpoint() {
        return api.endpoint();
    }

    /**
     * {@inheritDoc} Asked once per client: {@code GET /1.0} says whether the server is a cluster, and for a cluster
     * its member list and this machine's daemon (the member of the same cluster that answers on the local socket)
     * say whether the target is this machine. A remote that is no cluster is this machine's daemon when it shows the
     * certificate the local socket's daemon shows.
     *
     * @throws IncusException when a target is set for a server that is not a cluster, or names no member of it
     */
    @Override
    public ContainerHost host() {
        ContainerHost known = host;
        if (known == null) {
            known = findHost();
            host = known;
        }
        return known;
    }

    private ContainerHost findHost() {
        ServerInfo server = server();
        IncusEndpoint endpoint = api.endpoint();
        Optional<String> asked = Optional.ofNullable(target);
        if (!server.environment().serverClustered()) {
            if (target != null) {
                throw new IncusException("cannot create containers on cluster member \"" + target + "\" (--target,"
                        + " incus.target): " + (endpoint instanceof SocketLocation ? "this machine's Incus" : endpoint
                        .describe()) + " is not a cluster. Leave out --target and incus.target", 0, "", null);
            }
            return ContainerHost.server(endpoint, !(endpoint instanceof RemoteServer remote)
                    || localServer(remote.thisMachine()).filter(here -> sameServer(here, server)).isPresent());
        }
        List<String> members = clusterMembers();
        if (target != null && !members.contains(target)) {
            throw new IncusException("the cluster at " + endpoint.describe() + " has no member \"" + target
                    + "\" (--target, incus.target); its members: " + String.join(", ", members), 0, "", null);
        }
        Optional<String> thisMachine = endpoint instanceof RemoteServer remote
                ? localMember(server, remote.thisMachine()) : Optional.ofNullable(server.environment().serverName());
        return ContainerHost.cluster(endpoint, members, asked, thisMachine);
    }

    private static boolean sameServer(ServerInfo one, ServerInfo other) {
        String fingerprint = one.environment().certificateFingerprint();
        return fingerprint != null && fingerprint.equals(other.environment().certificateFingerprint());
    }

    /** The members of a cluster share its certificate, so this machine's daemon is one of them when it shows it. */
    private static Optional<String> localMember(ServerInfo cluster, SocketLocation local) {
        return localServer(local).filter(here -> here.environment().serverClustered() && sameServer(here, cluster))
                .map(here -> here.environment().serverName());
    }

    private static Optional<ServerInfo> localServer(SocketLocation local) {
        try {
            return Optional.of(new IncusClient(local, DEFAULT_REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT).server());
        } catch (IncusException e) {
            // no daemon here that answers: the server is another machine
            return Optional.empty();
        }
    }

    /**
     * The names of a cluster's members ({@code GET /1.0/cluster/members}).
     *
     * @return the names, in Incus's order
     */
    public List<String> clusterMembers() {
        String action = "list the cluster's members";
        JsonNode urls = api.envelope(HttpRequest.of("GET", "/1.0/cluster/members"), action).metadata();
        List<String> members = new ArrayList<>();
        urls.forEach(url -> members.add(URLDecoder.decode(url.asText().substring(url.asText().lastIndexOf('/') + 1),
                StandardCharsets.UTF_8)));
        return members;
    }

    /**
     * What the server is: versions, API extensions, kernel and storage features ({@code GET /1.0}).
     *
     * @return the server information
     */
    public ServerInfo server() {
        return api.convert(api.envelope(HttpRequest.of("GET", "/1.0"), "read the server information").metadata(),
                ServerInfo.class, "read the server information");
    }

    /**
     * All instances of the client's project, without their run-time state ({@code recursion=1}).
     *
     * @return the instances; {@link Instance#state()} is null
     */
    @Override
    public List<Instance> instances() {
        return instances("/1.0/instances?recursion=1");
    }


    /**
     * One instance, without its run-time state: name, status, configuration, devices, profiles. Cheap (a
     * few milliseconds).
     *
     * @param name the instance name
     * @return the instance, or empty when there is none of that name; {@link Instance#state()} is null
     */
    @Override
    public Optional<Instance> instance(String name) {
        return instance(name, "");
    }

    /**
     * One instance with its run-time state: pid, processes, network addresses. Gathering the state makes
     * this about ten times slower than {@link #instance(String)}.
     *
     * @param name the instance name
     * @return the instance, or empty when there is none of that name
     */
    @Override
    public Optional<Instance> instanceWithState(String name) {
        return instance(name, "?recursion=1");
    }

    /**
     * {@inheritDoc} The client's project is asked first; the others only when it has none of that name, through
     * {@code GET /1.0/instances?all-projects=true}, whose URLs name each instance's project.
     */
    @Override
    public List<Instance> instancesWithStateInAnyProject(String name) {
        Optional<Instance> own = instanceWithState(name);
        if (own.isPresent()) {
            return List.of(own.get());
        }
        String action = "list the instances of all projects";
        JsonNode urls = api.envelope(HttpRequest.of("GET", "/1.0/instances?all-projects=true"), action).metadata();
        String path = instancePath(name);
        List<Instance> found = new ArrayList<>();
        for (JsonNode url : urls) {
            String text = url.asText();
            int query = text.indexOf('?');
            if (!(query < 0 ? text : text.substring(0, query)).equals(path)) {
                continue;
            }
            String project = query < 0 ? IncusApi.DEFAULT_PROJECT : Arrays.stream(text.substring(query + 1)
                    .split("&")).filter(part -> part.startsWith("project=")).map(part -> part.substring(8))
                    .findFirst().orElse(IncusApi.DEFAULT_PROJECT);
            if (project.equals(Urls.queryValue(api.project()))) {
                continue;
            }
            instance(name, "?recursion=1&project=" + project).ifPresent(found::add);
        }
        return found;
    }

    /**
     * The run-time state of one instance ({@code GET /1.0/instances/<name>/state}): what
     * {@link #instanceWithState(String)} adds, at about the same cost (Incus gathers it anew for each request,
     * 15-25 ms for a running container).
     *
     * @param name the instance name
     * @return the state, or empty when there is no instance of that name
     */
    @Override
    public Optional<InstanceState> instanceState(String name) {
        String action = "read the state of instance " + name;
        try {
            JsonNode metadata = api.envelope(HttpRequest.of("GET", instancePath(name) + "/state"), action).metadata();
            return Optional.of(api.convert(metadata, InstanceState.class, action));
        } catch (IncusNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Creates a container, and starts it too when the spec says so, in one request.
     *
     * @param spec what to create
     * @throws IncusConflictException when an instance of that name exists
     * @throws IncusOperationException when Incus fails to create or start it
     */
    @Override
    public void create(InstanceSpec spec) {
        create(spec, null);
    }

    /**
     * Like {@link #create(InstanceSpec)}, reporting what Incus says about its progress (downloading and
     * unpacking the image) about once a second.
     *
     * @param spec what to create
     * @param progress receives texts like {@code "rootfs: 45% (12.3MB/s)"}; null for none
     * @throws IncusConflictException when an instance of that name exists
     * @throws IncusOperationException when Incus fails to create or start it
     */
    public void create(InstanceSpec spec, Consumer<String> progress) {
        String action = "create instance " + spec.name();
        try {
            api.call(IncusApi.json("POST", "/1.0/instances" + targetQuery(), spec.requestBody()), action,
                    operationTimeout, progress);
        } catch (IncusOperationException e) {
            // Incus 6.0 checks the name only when it writes the database, inside the operation
            if (e.incusError().contains("UNIQUE constraint failed: instances.project_id, instances.name")
                    || e.incusError().contains("already exists")) {
                throw new IncusConflictException("Incus could not " + action + ": an instance named " + spec.name()
                        + " exists already", e.incusError());
            }
            throw e;
        }
    }

    /** {@code ?target=MEMBER} when a member is chosen, checked first: Incus's own words for a wrong one are unclear. */
    private String targetQuery() {
        if (target == null) {
            return "";
        }
        host();
        return "?target=" + Urls.queryValue(target);
    }

    /**
     * Starts an instance.
     *
     * @param name the instance name
     */
    @Override
    public void start(String name) {
        api.call(IncusApi.json("PUT", instancePath(name) + "/state", Map.of("action", "start")),
                "start instance " + name, operationTimeout);
    }

    /**
     * Stops an instance.
     *
     * @param name the instance name
     * @param timeout how long a graceful stop may take before it fails; at least one second, because Incus
     *                kills an instance right away when asked with a timeout of 0
     * @param force whether to kill it right away instead (the timeout is then ignored)
     */
    @Override
    public void stop(String name, Duration timeout, boolean force) {
        changeState(name, "stop", timeout, force, "stop instance " + name);
        listeners.forEach(listener -> listener.stopped(name));
    }

    /**
     * Freezes every process of a running instance; {@link #unfreeze} lets them go on.
     *
     * @param name the instance name
     */
    @Override
    public void freeze(String name) {
        api.call(IncusApi.json("PUT", instancePath(name) + "/state", Map.of("action", "freeze")),
                "freeze instance " + name, operationTimeout);
    }

    /**
     * Lets the processes of a frozen instance go on.
     *
     * @param name the instance name
     */
    @Override
    public void unfreeze(String name) {
        api.call(IncusApi.json("PUT", instancePath(name) + "/state", Map.of("action", "unfreeze")),
                "unfreeze instance " + name, operationTimeout);
    }

    /**
     * Copies a stopped instance, without its snapshots, to a new stopped instance of the same configuration but cut
     * off from the host: every device but its root disk (its network, the host folders mounted into it) is replaced by
     * no device, so that starting the copy reaches neither the network nor a host file.
     *
     * @param source the instance to copy
     * @param target the new instance's name
     * @throws IncusNotFoundException when there is no such source
     */
    public void copyIsolated(String source, String target) {
        Instance instance = instance(source).orElseThrow(() -> new IncusNotFoundException("Incus has no instance "
                + source + " to copy", "Instance not found"));
        Map<String, Object> devices = new HashMap<>();
        instance.expandedDevices().forEach((name, device) -> {
            if (!("disk".equals(device.get("type")) && "/".equals(device.get("path")))) {
                devices.put(name, Map.of("type", "none"));
            }
        });
        Map<String, Object> from = Map.of("type", "copy", "source", source, "instance_only", true);
        Map<String, Object> body = Map.of("name", target, "source", from, "devices", devices);
        api.call(IncusApi.json("POST", "/1.0/instances", body), "copy instance " + source + " to " + target,
                operationTimeout);
    }

    /**
     * Restarts an instance.
     *
     * @param name the instance name
     * @param timeout how long the graceful stop may take before it fails; at least one second
     * @param force whether to kill it instead of stopping it gracefully (the timeout is then ignored)
     */
    public void restart(String name, Duration timeout, boolean force) {
        changeState(name, "restart", timeout, force, "restart instance " + name);
    }

    /**
     * Deletes a stopped instance.
     *
     * @param name the instance name
     * @throws IncusNotFoundException when there is none of that name
     * @throws IncusException when it runs
     */
    @Override
    public void delete(String name) {
        api.call(HttpRequest.of("DELETE", instancePath(name)), "delete instance " + name, operationTimeout);
        listeners.forEach(listener -> listener.deleted(name));
    }

    /**
     * Tells the listener of every stop and delete of an instance through this client, whichever command asked for
     * it, so that what belongs to an instance outside Incus (its firewall rules) goes with it.
     *
     * @param listener must not throw
     */
    public void onStoppedOrDeleted(InstanceEnds listener) {
        listeners.add(listener);
    }

    /**
     * Kills an instance if it runs, then deletes it; nothing happens when there is none of that name.
     *
     * @param name the instance name
     * @return whether there was an instance to delete
     */
    @Override
    public boolean deleteForcibly(String name) {
        Optional<Instance> instance = instance(name);
        if (instance.isEmpty()) {
            return false;
        }
        try {
            // a frozen one is stopped as well: Incus deletes only stopped instances
            if (instance.get().isRunningOrFrozen()) {
                try {
                    stop(name, Duration.ZERO, true);
                } catch (IncusNotFoundException e) {
                    throw e;
                } catch (IncusException e) {
                    // it stopped by itself meanwhile ("container is not running"): delete it all the same
                    if (instance(name).filter(Instance::isRunning).isPresent()) {
                        throw e;
                    }
                }
            }
            delete(name);
        } catch (IncusNotFoundException e) {
            // gone meanwhile, e.g. an ephemeral instance that was stopped
        }
        return true;
    }

    /**
     * Changes configuration keys and devices ({@code PATCH}): the keys and devices given replace those of the
     * same name, all others stay.
     *
     * @param name the instance name
     * @param config configuration keys to set
     * @param devices devices to add or replace, by name
     */
    @Override
    public void update(String name, Map<String, String> config, Map<String, Map<String, String>> devices) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("config", config);
        body.put("devices", devices);
        api.call(IncusApi.json("PATCH", instancePath(name), body), "update instance " + name, operationTimeout);
    }

    /**
     * Runs a command in a running instance without a terminal and collects its output; see
     * {@link InstanceExec} for how exit codes 126 and 127 are recovered. Incus adds {@code PATH} and
     * {@code LANG} to the environment when missing, and {@code HOME} and {@code USER} only for root: a
     * command run as another user gets its {@code HOME} from the options or not at all.
     *
     * @param name the instance name
     * @param command the program and its arguments; no shell is involved
     * @param options user, group, working directory and environment
     * @return the exit code and output
     * @throws IncusException when the command could not be run at all, e.g. the instance is stopped
     */
    @Override
    public CommandResult exec(String name, List<String> command, ExecOptions options) {
        return exec.run(name, command, options, operationTimeout);
    }

    /**
     * Like {@link #exec(String, List, ExecOptions)}, with a time limit of its own.
     *
     * @param name the instance name
     * @param command the program and its arguments
     * @param options user, group, working directory and environment
     * @param timeout how long the command may run; when it runs longer it is left running and
     *                {@link IncusTimeoutException} is thrown
     * @return the exit code and output
     */
    @Override
    public CommandResult exec(String name, List<String> command, ExecOptions options, Duration timeout) {
        return exec.run(name, command, options, timeout);
    }

    @Override
    public CommandResult execAtMostOnce(String name, List<String> command, ExecOptions options, Duration timeout) {
        return exec.runAtMostOnce(name, command, options, timeout == null ? operationTimeout : timeout);
    }

    /**
     * Files in instances: push, pull, directories, trees.
     *
     * @return the file operations
     */
    @Override
    public IncusFiles files() {
        return files;
    }

    /**
     * The local image store: list, aliases, import, delete.
     *
     * @return the image operations
     */
    @Override
    public IncusImages images() {
        return images;
    }

    /**
     * The client answers the network look-ups itself.
     *
     * @return this client
     */
    @Override
    public NetworkLookups networks() {
        return this;
    }

    /**
     * The devices of a profile, as instances using it get them ({@code GET /1.0/profiles/<name>}).
     *
     * @param name the profile name, e.g. {@code default}
     * @return device name to device keys, or empty when there is no such profile
     */
    @Override
    public Optional<Map<String, Map<String, String>>> profileDevices(String name) {
        String action = "read profile " + name;
        try {
            JsonNode metadata = api.envelope(HttpRequest.of("GET", "/1.0/profiles/" + Urls.segment(name)), action)
                    .metadata();
            return Optional.of(api.convert(metadata.path("devices"), DEVICES, action));
        } catch (IncusNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * A network, managed by Incus or a host interface it knows about.
     *
     * @param name the network name
     * @return the network, or empty when Incus knows none of that name
     */
    @Override
    public Optional<NetworkInfo> network(String name) {
        String action = "read network " + name;
        try {
            JsonNode metadata = api.envelope(HttpRequest.of("GET", "/1.0/networks/" + Urls.segment(name)), action)
                    .metadata();
            return Optional.of(api.convert(metadata, NetworkInfo.class, action));
        } catch (IncusNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The addresses the host has on a network interface now ({@code GET /1.0/networks/<name>/state}), which
     * for a bridge Incus does not manage is the only way to learn the host's address on it.
     *
     * @param name the network name
     * @return its addresses, empty when it has none or does not exist
     */
    @Override
    public List<InstanceState.Address> networkAddresses(String name) {
        String action = "read the state of network " + name;
        try {
            JsonNode metadata = api.envelope(HttpRequest.of("GET", "/1.0/networks/" + Urls.segment(name) + "/state"),
                    action).metadata();
            return api.convert(metadata.path("addresses"), ADDRESSES, action);
        } catch (IncusNotFoundException e) {
            return List.of();
        }
    }

    /**
     * A storage pool ({@code GET /1.0/storage-pools/<name>}).
     *
     * @param name the pool name, e.g. {@code default}
     * @return the pool, or empty when there is none of that name
     */
    public Optional<StoragePoolInfo> storagePool(String name) {
        String action = "read storage pool " + name;
        try {
            JsonNode metadata = api.envelope(HttpRequest.of("GET", "/1.0/storage-pools/" + Urls.segment(name)),
                    action).metadata();
            return Optional.of(api.convert(metadata, StoragePoolInfo.class, action));
        } catch (IncusNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * How full a storage pool is ({@code GET /1.0/storage-pools/<name>/resources}).
     *
     * @param name the pool name
     * @return its space, or empty when there is no such pool
     */
    public Optional<PoolSpace> storagePoolSpace(String name) {
        String action = "read the resources of storage pool " + name;
        try {
            JsonNode metadata = api.envelope(HttpRequest.of("GET", "/1.0/storage-pools/" + Urls.segment(name)
                    + "/resources"), action).metadata();
            return Optional.of(api.convert(metadata.path("space"), PoolSpace.class, action));
        } catch (IncusNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The addresses handed out on a managed network now: the gateway, static allocations and DHCP leases
     * ({@code GET /1.0/networks/<name>/leases}).
     *
     * @param name the network name
     * @return the addresses, empty when the network is not managed or has none
     */
    @Override
    public List<String> networkLeaseAddresses(String name) {
        return networkLeases(name).stream().map(NetworkLease::address).toList();
    }

    /**
     * What a managed network hands out now, to whom: the gateway, static allocations and DHCP leases
     * ({@code GET /1.0/networks/<name>/leases}). Cheap (a few milliseconds): Incus reads its DHCP server's lease
     * file and its database, not the instances.
     *
     * @param name the network name
     * @return the leases, empty when there is no network of that name
     * @throws IncusException when Incus cannot tell, e.g. for a network it does not manage
     */
    @Override
    public List<NetworkLease> networkLeases(String name) {
        String action = "read the leases of network " + name;
        try {
            return api.convert(api.envelope(HttpRequest.of("GET", "/1.0/networks/" + Urls.segment(name) + "/leases"),
                    action).metadata(), LEASES, action);
        } catch (IncusNotFoundException e) {
            return List.of();
        }
    }

    /**
     * Takes a snapshot of an instance ({@code POST /1.0/instances/<name>/snapshots}).
     *
     * @param name the instance name
     * @param snapshot the snapshot name
     * @param stateful whether to save the processes' memory too (CRIU; the instance must run)
     * @throws IncusConflictException when the instance has a snapshot of that name
     * @throws IncusOperationException when Incus cannot take it
     */
    public void createSnapshot(String name, String snapshot, boolean stateful) {
        String action = "create snapshot " + snapshot + " of instance " + name;
        try {
            api.call(IncusApi.json("POST", instancePath(name) + "/snapshots",
                    Map.of("name", snapshot, "stateful", stateful)), action, operationTimeout);
        } catch (IncusOperationException e) {
            if (e.incusError().contains("UNIQUE constraint failed") || e.incusError().contains("already exists")) {
                throw new IncusConflictException("Incus could not " + action + ": it has a snapshot of that name",
                        e.incusError());
            }
            throw e;
        }
    }

    /**
     * The snapshots of an instance, oldest first ({@code GET /1.0/instances/<name>/snapshots?recursion=1}).
     *
     * @param name the instance name
     * @return its snapshots
     * @throws IncusNotFoundException when there is no instance of that name
     */
    public List<InstanceSnapshot> snapshots(String name) {
        String action = "list the snapshots of instance " + name;
        List<InstanceSnapshot> snapshots = api.convert(api.envelope(HttpRequest.of("GET", instancePath(name)
                + "/snapshots?recursion=1"), action).metadata(), SNAPSHOTS, action);
        return snapshots.stream().sorted(Comparator.comparing(InstanceSnapshot::createdAt,
                Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
    }

    /**
     * One snapshot of an instance.
     *
     * @param name the instance name
     * @param snapshot the snapshot name
     * @return the snapshot, or empty when the instance or the snapshot does not exist
     */
    public Optional<InstanceSnapshot> snapshot(String name, String snapshot) {
        String action = "read snapshot " + snapshot + " of instance " + name;
        try {
            JsonNode metadata = api.envelope(HttpRequest.of("GET", snapshotPath(name, snapshot)), action).metadata();
            return Optional.of(api.convert(metadata, InstanceSnapshot.class, action));
        } catch (IncusNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Deletes a snapshot of an instance.
     *
     * @param name the instance name
     * @param snapshot the snapshot name
     * @throws IncusNotFoundException when there is no such snapshot
     */
    public void deleteSnapshot(String name, String snapshot) {
        api.call(HttpRequest.of("DELETE", snapshotPath(name, snapshot)),
                "delete snapshot " + snapshot + " of instance " + name, operationTimeout);
    }

    /**
     * Puts an instance back to a snapshot: its root filesystem and its configuration
     * ({@code PUT /1.0/instances/<name>} with {@code restore}). Incus refuses for a running instance only when
     * restoring statefully; coi asks for a stopped one anyway.
     *
     * @param name the instance name
     * @param snapshot the snapshot name
     * @param stateful whether to bring back the processes too (a stateful snapshot; starts the instance)
     */
    public void restoreSnapshot(String name, String snapshot, boolean stateful) {
        api.call(IncusApi.json("PUT", instancePath(name), Map.of("restore", snapshot, "stateful", stateful)),
                "restore instance " + name + " from snapshot " + snapshot, operationTimeout);
    }

    private static String snapshotPath(String name, String snapshot) {
        return instancePath(name) + "/snapshots/" + Urls.segment(snapshot);
    }

    private List<Instance> instances(String target) {
        String action = "list the instances";
        return api.convert(api.envelope(HttpRequest.of("GET", target), action).metadata(), INSTANCES, action);
    }

    private Optional<Instance> instance(String name, String query) {
        String action = "read instance " + name;
        try {
            JsonNode metadata = api.envelope(HttpRequest.of("GET", instancePath(name) + query), action).metadata();
            return Optional.of(api.convert(metadata, Instance.class, action));
        } catch (IncusNotFoundException e) {
            return Optional.empty();
        }
    }

    static String instancePath(String name) {
        return "/1.0/instances/" + Urls.segment(name);
    }

    private void changeState(String name, String action, Duration timeout, boolean force, String description) {
        long seconds = force ? 0 : timeout.toSeconds();
        if (!force && seconds < 1) {
            throw new IllegalArgumentException("a graceful " + action + " needs a timeout of at least one second,"
                    + " was " + timeout + "; use force to kill the instance right away");
        }
        api.call(IncusApi.json("PUT", instancePath(name) + "/state",
                        Map.of("action", action, "timeout", seconds, "force", force)),
                description, operationTimeout.plusSeconds(seconds));
    }
}
