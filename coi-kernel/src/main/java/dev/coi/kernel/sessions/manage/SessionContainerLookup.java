package dev.coi.kernel.sessions.manage;

import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionContainer;
import java.util.List;
import java.util.Optional;

/** How commands find session containers; {@link SessionContainers} asks Incus, tests answer themselves. */
public interface SessionContainerLookup {

    /** Every session container, sorted by name. */
    List<SessionContainer> list();

    /** {@link #list()}, after saving and removing the stopped ephemeral containers an earlier coi left behind. */
    List<SessionContainer> listAfterReaping();

    /** The session container of that name; empty when there is none, or the name is no session container name. */
    Optional<SessionContainer> find(String name);

    /**
     * The container of that name, whatever its name: {@code coi kill/shutdown/persist NAME} act on any container
     * the user names, as in the reference tool (one made by {@code coi container launch} too).
     */
    Optional<SessionContainer> findAny(String name);

    /** How session containers are named. */
    ContainerNames names();
}
