package dev.coi.kernel.config;

import java.util.Comparator;
import java.util.List;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Small helpers over tomlj tables. */
final class TomlTables {

    private TomlTables() {
    }

    /** The keys in the order they appear in the file, so problems are reported top to bottom. */
    static List<String> keysInOrder(TomlTable table) {
        return table.keySet().stream()
                .sorted(Comparator.comparing((String key) -> position(table, key), TomlTables::compare))
                .toList();
    }

    static TomlPosition position(TomlTable table, String key) {
        return table.inputPositionOf(List.of(key));
    }

    private static int compare(TomlPosition a, TomlPosition b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column());
    }
}
