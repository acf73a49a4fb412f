package dev.coi.kernel.cli;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * A {@code [y/N]} question as the reference tool asks it: only {@code y} or {@code Y} mean yes; an empty line,
 * anything else, or no input at all (end of input, as from {@code </dev/null} or a script) mean no.
 */
final class Confirmation {

    private final BufferedReader input;
    private final Output output;

    Confirmation(BufferedReader input, Output output) {
        this.input = input;
        this.output = output;
    }

    /** @param question the question, without {@code [y/N]} */
    boolean ask(String question) {
        output.prompt(question + " [y/N]: ");
        String answer;
        try {
            answer = input.readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null) {
            // the answer would have ended the prompt's line
            output.info("");
        }
        String word = answer == null ? "" : answer.strip();
        return word.equals("y") || word.equals("Y");
    }
}
