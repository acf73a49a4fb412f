package dev.coi.kernel.sessions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How session containers are named: {@code <prefix><workspace hash>-<slot>}, for example
 * {@code coi-9dad1e4e-1}, the same names the reference tool gives, so both tools find each other's containers.
 */
public final class ContainerNames {

    /** The environment variable that replaces the default prefix. */
    public static final String PREFIX_VARIABLE = "COI_CONTAINER_PREFIX";
    public static final String DEFAULT_PREFIX = "coi-";
    public static final int FIRST_SLOT = 1;
    public static final int MAX_SLOTS = 100;

    private final String prefix;
    private final Pattern pattern;

    public ContainerNames(String prefix) {
        this.prefix = prefix;
        this.pattern = Pattern.compile("^" + Pattern.quote(prefix) + "([a-f0-9]{8})-(\\d+)$");
    }

    public static ContainerNames fromEnvironment(Map<String, String> variables) {
        String prefix = variables.getOrDefault(PREFIX_VARIABLE, "");
        return new ContainerNames(prefix.isEmpty() ? DEFAULT_PREFIX : prefix);
    }

    public String prefix() {
        return prefix;
    }

    /**
     * The first 8 hex digits of the SHA-256 of the absolute, normalized workspace path. Symbolic links are
     * not resolved, as in the reference tool, so that both compute the same name.
     */
    public static String workspaceHash(Path workspace) {
        String path = workspace.toAbsolutePath().normalize().toString();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public String name(Path workspace, int slot) {
        checkSlot(slot);
        return prefix + workspaceHash(workspace) + "-" + slot;
    }

    /** The workspace hash and slot of a session container's name; empty for any other name. */
    public Optional<Parsed> parse(String name) {
        Matcher matcher = pattern.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Parsed(matcher.group(1), Integer.parseInt(matcher.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isSessionContainer(String name) {
        return parse(name).isPresent();
    }

    public static void checkSlot(int slot) {
        if (slot < FIRST_SLOT || slot > MAX_SLOTS) {
            throw new IllegalArgumentException("slot " + slot + " is out of range: slots are " + FIRST_SLOT + " to "
                    + MAX_SLOTS);
        }
    }

    /** The parts of a session container's name. */
    public record Parsed(String workspaceHash, int slot) {
    }

    /**
     * The name of the tmux session the tool runs in inside a container: {@code coi-<container>}, for example
     * {@code coi-coi-9dad1e4e-1}, as the reference tool names it, so that scripts that drive it with tmux keep
     * working. The prefix is always {@code coi-}, whatever the container prefix.
     */
    public static String tmuxSession(String container) {
        return "coi-" + container;
    }
}
