package dev.coi.kernel.containers;

import dev.coi.api.CommandResult;
import dev.coi.api.ContainerHandle;
import dev.coi.api.ExecOptions;
import dev.coi.api.FileOwnership;
import dev.coi.api.PortException;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The port a plugin gets to one container, carried out through the container runtime. */
public final class IncusContainerHandle implements ContainerHandle {

    private final ContainerRuntime incus;
    private final String name;

    public IncusContainerHandle(ContainerRuntime incus, String name) {
        this.incus = incus;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CommandResult exec(List<String> command, ExecOptions options) {
        try {
            return incus.exec(name, command, options);
        } catch (IncusException e) {
            throw new PortException("cannot run " + command.getFirst() + " in " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void push(Path source, String destination, FileOwnership ownership) {
        try {
            if (Files.isDirectory(source)) {
                incus.files().push(name, source, destination, ownership.uid(), ownership.gid());
            } else {
                incus.files().write(name, destination, Files.readAllBytes(source), ownership);
            }
        } catch (IncusException | UncheckedIOException | IOException e) {
            throw new PortException("cannot copy " + source + " to " + name + ":" + destination + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void pull(String source, Path destination) {
        try {
            incus.files().pull(name, source, destination);
        } catch (IncusException | UncheckedIOException e) {
            throw new PortException("cannot copy " + name + ":" + source + " to " + destination + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> ipv4Address() {
        return incus.instanceWithState(name)
                .map(Instance::state)
                .flatMap(state -> state.globalIpv4("eth0"));
    }
}
