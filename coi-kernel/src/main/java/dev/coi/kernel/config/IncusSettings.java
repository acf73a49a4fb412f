package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code [incus]} settings.
 *
 * @param socket       the Incus unix socket; empty = find it the way the incus client does
 * @param remote       a remote of the incus command line to use instead of the local daemon; empty = local
 * @param target       the cluster member containers are created on; empty = the cluster's scheduler picks one
 * @param project      the Incus project containers are created in
 * @param group        the host group that may use Incus
 * @param codeUid      uid of the user the AI tool runs as in the container
 * @param codeUser     name of that user
 * @param disableShift {@code incus.disable_shift}, read for older configs; coi never shifts a disk
 */
public record IncusSettings(Optional<Path> socket, Optional<String> remote, Optional<String> target,
        String project, String group, int codeUid, String codeUser,
        boolean disableShift) {
}
