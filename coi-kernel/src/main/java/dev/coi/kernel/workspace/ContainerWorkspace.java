package dev.coi.kernel.workspace;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.api.FileOwnership;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The workspace inside a container, reached with as few round trips as the Incus API allows: a tar goes in as one
 * file upload and one exec that unpacks it as the session user; the workspace comes out as one exec that writes a
 * tar as root (so that nothing the session hid from its user is missed) and one download. The container's
 * {@code tar} and {@code git} run the session's way, which is fine: all that comes out is judged on the host.
 */
final class ContainerWorkspace {

    static final String WORKSPACE = "/workspace";
    /** Not /tmp, which systemd empties while the container boots. */
    private static final String SCRATCH = "/var/tmp";
    private static final Duration EXEC_TIMEOUT = Duration.ofMinutes(30);

    /**
     * Lists what git considers (or everything, for a folder that is no repository) plus {@code .git}, and writes
     * the tar; tracked files the session deleted are in the list, and {@code --ignore-failed-read} passes over them.
     */
    private static final String PACK = """
            set -e
            cd /workspace
            out="$1"
            if [ "$2" = git ]; then
              git -c safe.directory='*' -c core.fsmonitor=false ls-files -z --cached --others --exclude-standard \
                > "$out.list"
              printf '.git\\0' >> "$out.list"
              tar -cf "$out" --null --ignore-failed-read -T "$out.list"
              rm -f "$out.list"
            else
              tar -cf "$out" .
            fi
            chmod 600 "$out"
            """;
    private static final String UNPACK = """
            tar -xf "$1" -C /workspace; status=$?
            rm -f "$1"
            if [ "$status" = 0 ] && [ -n "$2" ]; then
              (cd /workspace && xargs -0 rm -f -- < "$2"); status=$?
            fi
            [ -n "$2" ] && rm -f "$2"
            exit $status
            """;

    private final ContainerRuntime incus;
    private final String name;

    ContainerWorkspace(ContainerRuntime incus, String name) {
        this.incus = incus;
        this.name = name;
    }

    /** Makes {@code /workspace} the user's, then unpacks the tar into it as that user. */
    void unpack(Path tar, int uid, int gid) {
        incus.files().mkdir(name, WORKSPACE, new FileOwnership(uid, gid, 0755));
        apply(tar, List.of(), uid, gid);
    }

    /** Unpacks a tar into the workspace and deletes paths there, as the user. */
    void apply(Path tar, List<String> deletions, int uid, int gid) {
        String upload = scratch("in.tar");
        incus.files().push(name, tar, upload, uid, gid);
        List<String> command = new ArrayList<>(List.of("sh", "-c", UNPACK, "sh", upload));
        if (!deletions.isEmpty()) {
            String list = scratch("delete.list");
            incus.files().write(name, list, String.join("\0", deletions).concat("\0")
                    .getBytes(StandardCharsets.UTF_8), new FileOwnership(uid, gid, 0600));
            command.add(list);
        }
        CommandResult result = incus.exec(name, command, new ExecOptions(uid, gid, WORKSPACE, Map.of()),
                EXEC_TIMEOUT);
        if (!result.succeeded()) {
            throw CoiException.failure("could not unpack the workspace in " + name + ":" + WORKSPACE + " (tar exit "
                    + result.exitCode() + "): " + result.stderr().strip() + ". The image needs tar; is the"
                    + " container's disk full?");
        }
    }

    /** The container's workspace as a tar, streamed; the file it was written to is removed when the stream closes. */
    InputStream pack(boolean git) {
        String file = scratch("out.tar");
        CommandResult result = incus.exec(name, List.of("sh", "-c", PACK, "sh", file, git ? "git" : "plain"),
                ExecOptions.asRoot(), EXEC_TIMEOUT);
        if (!result.succeeded()) {
            remove(file);
            throw CoiException.failure("could not pack the workspace in " + name + ":" + WORKSPACE + " (exit "
                    + result.exitCode() + "): " + result.stderr().strip() + ". The image needs tar"
                    + (git ? " and git" : "") + "; nothing was changed on the host");
        }
        InputStream stream = incus.files().open(name, file);
        return new FilterInputStream(stream) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    remove(file);
                }
            }
        };
    }

    private void remove(String file) {
        try {
            incus.files().delete(name, file);
        } catch (IncusException e) {
            // a leftover in the container's /var/tmp harms nobody
        }
    }

    private static String scratch(String what) {
        return SCRATCH + "/coi-workspace-" + UUID.randomUUID() + "-" + what;
    }
}
