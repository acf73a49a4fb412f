package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** {@code [[mounts.default]]}: an array of tables with {@code host} and {@code container}, appended across files. */
final class MountListType implements ValueType<List<Mount>> {

    private static final String EXPECTED = "[[mounts.default]] tables with host = \"~/.aws\" and "
            + "container = \"/home/code/.aws\"";
    private static final String ABSOLUTE = "an absolute path inside the container like \"/home/code/.aws\"";

    @Override
    public List<Mount> fromToml(Object raw, ValueContext context) throws InvalidValueException {
        if (!(raw instanceof TomlArray array)) {
            throw InvalidValueException.of(raw, EXPECTED);
        }
        List<Mount> mounts = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            try {
                mounts.add(mount(array.get(i), context));
            } catch (InvalidValueException e) {
                throw InvalidValueException.nested("[" + i + "]", array.inputPositionOf(i), e);
            }
        }
        return List.copyOf(mounts);
    }

    private static Mount mount(Object raw, ValueContext context) throws InvalidValueException {
        if (!(raw instanceof TomlTable table)) {
            throw InvalidValueException.of(raw, EXPECTED);
        }
        for (String key : TomlTables.keysInOrder(table)) {
            if (!key.equals("host") && !key.equals("container")) {
                throw InvalidValueException.nested("." + key, TomlTables.position(table, key),
                        InvalidValueException.of(table.get(List.of(key)), "only host and container"));
            }
        }
        Path host = context.resolvePath(required(table, "host", "a host path like \"~/.aws\""));
        String container = required(table, "container", ABSOLUTE);
        Path containerPath = Path.of(container);
        if (!containerPath.isAbsolute()) {
            throw InvalidValueException.nested(".container", TomlTables.position(table, "container"),
                    InvalidValueException.of(container, ABSOLUTE));
        }
        return new Mount(host, containerPath.normalize().toString());
    }

    private static String required(TomlTable table, String key, String expected) throws InvalidValueException {
        Object value = table.get(List.of(key));
        if (value instanceof String text && !text.isBlank()) {
            return text;
        }
        throw InvalidValueException.nested("." + key, TomlTables.position(table, key),
                InvalidValueException.of(value, expected));
    }

    @Override
    public List<Mount> fromText(String text, ValueContext context) throws InvalidValueException {
        throw InvalidValueException.of(text, EXPECTED, "only a config file can set it");
    }

    @Override
    public String expected() {
        return EXPECTED;
    }

    @Override
    public Object display(List<Mount> mounts) {
        List<Map<String, String>> tables = new ArrayList<>();
        for (Mount mount : mounts) {
            Map<String, String> table = new LinkedHashMap<>();
            table.put("host", mount.host().toString());
            table.put("container", mount.containerPath());
            tables.add(table);
        }
        return tables;
    }

    @Override
    public boolean appends() {
        return true;
    }
}
