package dev.coi.kernel.sessions.launch;

import dev.coi.api.AiTool;
import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.api.NetworkMode;
import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.config.NetworkSettings;
import dev.coi.kernel.incus.ContainerRuntime;
import java.util.List;
import java.util.Map;

/**
 * The block about its sandbox that coi keeps in the AI tool's global instructions file inside the container
 * ({@link AiTool#instructionsFile()}): where the workspace is, what the network allows, that host secrets are
 * absent, how the user reaches a port, that the session is saved. It is rewritten at every session start, so it
 * follows a changed network mode, and the rest of the file is left as it was.
 *
 * <p>The file is written by the session's user, not root, and only inside its home: the agent may have made the
 * file or its folder a link into the workspace, whose files are the user's, and there coi writes nothing.
 */
final class SandboxContext {

    static final String BEGIN = "<!-- coi: sandbox context (rewritten by coi at every session start) -->";
    static final String END = "<!-- coi: end of sandbox context -->";

    /**
     * Writes the file atomically: the user's lines without the old block and without trailing blank lines, a blank
     * line, the block. Exits 3 when the file's folder is not inside the home.
     */
    static final String WRITE = """
            f="$HOME/$1"; d=$(dirname "$f")
            mkdir -p "$d"
            real=$(realpath "$d")
            case "$real/" in "$(realpath "$HOME")"/*) ;; *) echo "$d is not inside $HOME" >&2; exit 3 ;; esac
            tmp=$(mktemp "$real/.coi-context.XXXXXX")
            if [ -f "$f" ] && [ ! -L "$f" ]; then
              awk -v b="$COI_CONTEXT_BEGIN" -v e="$COI_CONTEXT_END" \\
                '$0 == b { skip = 1; next } $0 == e { skip = 0; next } skip { next }
                 /^[[:space:]]*$/ { blank++; next } { while (blank > 0) { print ""; blank-- } print }' "$f" >"$tmp"
            fi
            if [ -s "$tmp" ]; then echo >>"$tmp"; fi
            printf '%s\\n%s\\n%s\\n' "$COI_CONTEXT_BEGIN" "$COI_CONTEXT" "$COI_CONTEXT_END" >>"$tmp"
            chmod 0644 "$tmp"
            mv -f "$tmp" "$real/$(basename "$f")"
            """;

    private SandboxContext() {
    }

    /**
     * Puts the block in the tool's instructions file, when it has one. A failure is a warning: the session works
     * without it.
     */
    static void write(ContainerRuntime incus, String container, SessionUser user, AiTool tool, NetworkMode mode,
            NetworkSettings network, boolean persistent, Progress progress) {
        if (tool.instructionsFile().isEmpty()) {
            return;
        }
        String file = tool.instructionsFile().get();
        try {
            CommandResult result = incus.exec(container, List.of("sh", "-c", WRITE, "sh", file),
                    new ExecOptions(user.uid(), user.gid(), user.home(), Map.of("HOME", user.home(),
                            "COI_CONTEXT", block(mode, network, persistent), "COI_CONTEXT_BEGIN", BEGIN,
                            "COI_CONTEXT_END", END)));
            if (result.exitCode() != 0) {
                progress.warn("the sandbox context was not written into ~/" + file + " in " + container + ": "
                        + result.stderr().strip());
            }
        } catch (CoiException e) {
            progress.warn("the sandbox context was not written into ~/" + file + " in " + container + ": "
                    + e.getMessage());
        }
    }

    /** The block's text, between the markers. */
    static String block(NetworkMode mode, NetworkSettings network, boolean persistent) {
        return String.join("\n",
                "## Your sandbox",
                "",
                "You run inside a coi sandbox: an Incus container, not the user's machine. You may use sudo in it.",
                "",
                "- The project is at /workspace: the user's own folder on the host, so changes there are real and"
                        + " stay. Anything else you change in this container is "
                        + (persistent ? "kept with this persistent container." : "gone when the session ends."),
                "- Network: " + network(mode, network),
                "- The host's secrets are not here: no SSH keys, git credentials or environment variables of the"
                        + " user's except those they passed by name. Do not look for them; ask the user.",
                "- A server you start is reached from the host at this container's address (`coi list` shows"
                        + " it) and its port, so listen on 0.0.0.0, not 127.0.0.1.",
                "- The session is saved when it ends: the user continues it with `coi shell --resume`.");
    }

    private static String network(NetworkMode mode, NetworkSettings network) {
        return switch (mode) {
            case OPEN -> "open: every destination is reachable.";
            case RESTRICTED -> "restricted: the internet is reachable; the host's local networks, private"
                    + " addresses and cloud metadata services are not.";
            case ALLOWLIST -> "allowlist: only " + String.join(", ", network.allowedDomains()) + " (and the names"
                    + " below a *. entry) are reachable; other names do not resolve and other addresses are refused."
                    + " Ask the user to allow a destination you need.";
        };
    }
}
