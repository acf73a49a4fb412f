package dev.coi.kernel.sessions.launch;

import dev.coi.api.AiTool;
import dev.coi.api.NetworkMode;
import dev.coi.kernel.config.NetworkSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The block about its sandbox that coi keeps in the AI tool's global instructions file inside the container
 * ({@link AiTool#instructionsFile()}): where the workspace is, what the network allows, that host secrets are
 * absent, how the user reaches a port, that the session is saved. It is rewritten every time coi starts the tool, so
 * it follows a changed network mode, and the rest of the file is left as it was.
 *
 * <p>The tool's own command line writes it, just before it becomes the tool: a separate exec would cost a round
 * trip to Incus, and in a container that is still booting 150 to 330 ms. It is written by the session's user, not
 * root, and only inside its home: the agent may have made the file or its folder a link into the workspace, whose
 * files are the user's, and there coi writes nothing. When it cannot be written the tool starts all the same, after
 * a line that says so.
 */
final class SandboxContext {

    static final String BEGIN = "<!-- coi: sandbox context (rewritten by coi at every session start) -->";
    static final String END = "<!-- coi: end of sandbox context -->";

    /**
     * Writes the file {@code $1} (relative to the home) atomically with the block {@code $2} between the marker lines
     * {@code $3} and {@code $4}: the user's lines without the old block and without trailing blank lines, a blank
     * line, the block. Exits 3 when the file's folder is not inside the home.
     */
    static final String WRITE = """
            set -e
            f="$HOME/$1"; d=$(dirname "$f")
            mkdir -p "$d"
            real=$(realpath "$d")
            case "$real/" in "$(realpath "$HOME")"/*) ;; *) echo "$d is not inside $HOME" >&2; exit 3 ;; esac
            tmp=$(mktemp "$real/.coi-context.XXXXXX")
            if [ -f "$f" ] && [ ! -L "$f" ]; then
              awk -v b="$3" -v e="$4" '$0 == b { skip = 1; next } $0 == e { skip = 0; next } skip { next }
                /^[[:space:]]*$/ { blank++; next } { while (blank > 0) { print ""; blank-- } print }' "$f" >"$tmp"
            fi
            if [ -s "$tmp" ]; then echo >>"$tmp"; fi
            printf '%s\n%s\n%s\n' "$3" "$2" "$4" >>"$tmp"
            chmod 0644 "$tmp"
            mv -f "$tmp" "$real/$(basename "$f")"
            """;

    /** Runs {@link #WRITE} in a subshell, says when it failed, and becomes the tool ({@code $5} on). */
    private static final String WRITE_THEN_TOOL = "(\n" + WRITE + ") || echo \"coi: the sandbox context was not"
            + " written into ~/$1\" >&2\nshift 4\nexec \"$@\"\n";

    private SandboxContext() {
    }

    /**
     * The tool's command line, writing the block first when the tool has an instructions file.
     *
     * @param command the tool's own command line
     */
    static List<String> wrap(AiTool tool, List<String> command, NetworkMode mode, NetworkSettings network,
            boolean persistent) {
        if (tool.instructionsFile().isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", WRITE_THEN_TOOL, "sh",
                tool.instructionsFile().get(), block(mode, network, persistent), BEGIN, END));
        wrapped.addAll(command);
        return List.copyOf(wrapped);
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
