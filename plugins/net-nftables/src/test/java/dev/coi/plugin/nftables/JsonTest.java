package dev.coi.plugin.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small JSON reader for nft's output. */
class JsonTest {

    @Test
    void readsNestedValuesOfEveryKind() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", List.of(1.0, -2.5, true, false));
        expected.put("b", Map.of());
        expected.put("c", List.of());
        expected.put("d", "q\"\\/\n\u00e9");
        expected.put("e", null);
        expected.put("f", Arrays.asList(null, Map.of("g", "h")));

        assertEquals(expected, Json.parse(" {\"a\": [1, -2.5, true, false], \"b\": {}, \"c\": [ ],"
                + " \"d\": \"q\\\"\\\\\\/\\n\\u00e9\", \"e\": null, \"f\": [null, {\"g\": \"h\"}]} \n"));
    }

    @Test
    void refusesWhatIsNotJson() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "[1 2]", "\"open", "tru", "{} x", "{a: 1}", "-")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }
}
