package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tomlj.TomlPosition;

/** Collects errors and warnings while loading, so one run reports everything that is wrong. */
final class Problems {

    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    static String location(Path file, TomlPosition position) {
        return position == null ? file.toString() : file + ":" + position.line() + ":" + position.column();
    }

    void error(String location, String message) {
        errors.add(new ConfigProblem(location, message));
    }

    void warn(String location, String message) {
        warnings.add(new ConfigProblem(location, message));
    }

    void throwIfErrors() throws ConfigException {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors, warnings);
        }
    }

    List<ConfigProblem> warnings() {
        return List.copyOf(warnings);
    }
}
