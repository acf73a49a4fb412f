package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code [y/N]} questions: only y or Y is a yes. */
class ConfirmationTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private boolean ask(String input) {
        Output output = new Output(new PrintWriter(out), new PrintWriter(err), false, false);
        return new Confirmation(new BufferedReader(new StringReader(input)), output).ask("Kill 2 container(s)?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"y\n", "Y\n", "  y \n", "y"})
    void yesIsAYes(String input) {
        assertTrue(ask(input));
        assertEquals("Kill 2 container(s)? [y/N]: ", err.toString());
        assertEquals("", out.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "n\n", "yes\n", "N\n", "yy\n", "\ny\n"})
    void anythingElseIsANo(String input) {
        assertFalse(ask(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {""})
    void noInputIsANoAndEndsTheLine(String input) {
        assertFalse(ask(input));
        assertEquals("Kill 2 container(s)? [y/N]: " + System.lineSeparator(), err.toString());
    }
}
