package dev.coi.kernel.network.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainPatternTest {

    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource({
        "api.anthropic.com,    api.anthropic.com,      true",
        "api.anthropic.com,    API.Anthropic.COM.,     true",
        "API.anthropic.com.,   api.anthropic.com,      true",
        "api.anthropic.com,    anthropic.com,          false",
        "api.anthropic.com,    x.api.anthropic.com,    false",
        "api.anthropic.com,    api.anthropic.com.evil, false",
        "*.example.com,        a.example.com,          true",
        "*.example.com,        a.b.example.com,        true",
        "*.example.com,        A.Example.Com.,         true",
        "*.example.com,        example.com,            false",
        "*.example.com,        badexample.com,         false",
        "*.example.com,        a.example.com.evil,     false",
        "*.example.com,        .example.com,           false",
        "_acme.example.com,    _acme.example.com,      true",
    })
    void matches(String entry, String name, boolean allowed) {
        assertEquals(allowed, DomainPatterns.parse(List.of(entry)).allows(name));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "''                    | it is empty",
        ".                     | it is empty",
        "a..example.com        | empty label",
        ".example.com          | empty label",
        "*                     | '*' may only stand alone as the first label",
        "*example.com          | '*' may only stand alone as the first label",
        "a.*.example.com       | '*' may only stand alone as the first label",
        "*.*.example.com       | '*' may only stand alone as the first label",
        "*.                    | '*' may only stand alone as the first label",
        "*..example.com        | empty label",
        "bad host.example.com  | ' ' is not allowed",
        "h\u00e9.example.com   | '\u00e9' is not allowed",
        "example.com/24        | '/' is not allowed",
    })
    void malformedEntriesSayWhatIsWrongAndWhatIsAccepted(String entry, String why) {
        CoiException e = assertThrows(CoiException.class, () -> DomainPattern.parse(entry));
        assertTrue(e.getMessage().contains("'" + entry + "'") && e.getMessage().contains(why)
                && e.getMessage().contains("*.example.com"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"63, false", "64, true"})
    void labelsHaveAtMost63Characters(int length, boolean refused) {
        String entry = "a".repeat(length) + ".example.com";
        if (refused) {
            assertTrue(assertThrows(CoiException.class, () -> DomainPattern.parse(entry)).getMessage()
                    .contains("longer than 63"));
        } else {
            assertEquals(entry, DomainPattern.parse(entry).domain());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"253, false", "254, true"})
    void namesHaveAtMost253Characters(int length, boolean refused) {
        String label = "a".repeat(49) + ".";
        String entry = (label.repeat(6)).substring(0, length - 4) + ".com";
        if (refused) {
            assertTrue(assertThrows(CoiException.class, () -> DomainPattern.parse(entry)).getMessage()
                    .contains("longer than 253"));
        } else {
            assertEquals(length, DomainPattern.parse(entry).domain().length());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"*.example.com, *.example.com", "API.Example.com., api.example.com"})
    void showsAsItIsWritten(String entry, String shown) {
        assertEquals(shown, DomainPattern.parse(entry).toString());
    }
}
