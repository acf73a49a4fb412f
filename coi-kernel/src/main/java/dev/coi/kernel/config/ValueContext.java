package dev.coi.kernel.config;

import java.nio.file.Path;

/**
 * What a value needs to be understood: the home directory for {@code ~} and the directory that relative paths are
 * relative to (the config file's directory for file values, the working directory for env and flags).
 */
record ValueContext(Path home, Path baseDirectory) {

    Path resolvePath(String text) throws InvalidValueException {
        if (text.equals("~")) {
            return home;
        }
        if (text.startsWith("~/")) {
            return home.resolve(text.substring(2)).normalize();
        }
        if (text.startsWith("~")) {
            throw InvalidValueException.of(text, "a path", "only ~ and ~/... are expanded, not ~user");
        }
        return baseDirectory.resolve(text).normalize();
    }
}
