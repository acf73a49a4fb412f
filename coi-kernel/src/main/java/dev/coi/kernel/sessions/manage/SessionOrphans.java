package dev.coi.kernel.sessions.manage;

import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.SessionLabels;
import dev.coi.kernel.sessions.SessionMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which saved sessions no container uses any more, so that {@code coi clean --sessions} may offer to delete them.
 * A session is in use while a container (running or stopped, of any name) carries its id in its
 * {@code user.coi.session} label. Containers coi did not make carry no label; for them the container name in the
 * session's metadata counts, which could keep an old session of a reused name too, the safe side.
 */
final class SessionOrphans {

    private SessionOrphans() {
    }

    static List<SavedSessions.ToolSession> among(List<SavedSessions.ToolSession> sessions, List<Instance> instances) {
        Set<String> usedIds = new HashSet<>();
        Set<String> unlabelledNames = new HashSet<>();
        for (Instance instance : instances) {
            String id = instance.config().get(SessionLabels.SESSION_ID);
            if (id != null && !id.isBlank()) {
                usedIds.add(id);
            } else {
                unlabelledNames.add(instance.name());
            }
        }
        return sessions.stream()
                .filter(session -> !usedIds.contains(session.id()))
                .filter(session -> session.session().metadata().map(SessionMetadata::containerName)
                        .filter(unlabelledNames::contains).isEmpty())
                .toList();
    }
}
