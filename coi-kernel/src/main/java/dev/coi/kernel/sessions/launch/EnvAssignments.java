package dev.coi.kernel.sessions.launch;

import dev.coi.kernel.base.CoiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code -e KEY=VALUE} flags: everything after the first {@code =} is the value, commas included. */
public final class EnvAssignments {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvAssignments() {
    }

    /**
     * @param assignments the flag values in the order given; a later one for the same name wins
     * @return the variables in order
     * @throws CoiException (usage) naming the first bad assignment
     */
    public static Map<String, String> parse(List<String> assignments) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals < 0) {
                throw CoiException.usage("invalid -e/--env '" + assignment + "': expected KEY=VALUE");
            }
            String name = assignment.substring(0, equals);
            if (!NAME.matcher(name).matches()) {
                throw CoiException.usage("invalid -e/--env '" + assignment + "': '" + name + "' is not a variable name"
                        + " (letters, digits and _, not starting with a digit)");
            }
            variables.put(name, assignment.substring(equals + 1));
        }
        return variables;
    }
}
