package dev.coi.kernel.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One way a workspace's {@code .coi.toml} loosens the sandbox.
 *
 * @param key     the dotted key, e.g. {@code network.mode}
 * @param change  what the file does to it, e.g. {@code = "open" (instead of "restricted")} or
 *                {@code adds "example.com"}
 * @param profile the profile that brings it in when only {@code --profile NAME} does
 */
public record Widening(String key, String change, Optional<String> profile) {

    /** Checks that every part is given. */
    public Widening {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(profile, "profile");
    }

    /** @return one line for the user, e.g. {@code with --profile web: network.mode = "open" (instead of "restricted")} */
    public String describe() {
        return profile.map(name -> "with --profile " + name + ": ").orElse("") + key + " " + change;
    }
}
