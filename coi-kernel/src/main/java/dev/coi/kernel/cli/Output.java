package dev.coi.kernel.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.coi.api.Progress;
import java.io.PrintWriter;
import org.jline.jansi.Ansi;

/**
 * Where a command writes: data (tables, JSON) to standard output, diagnostics and progress to standard error.
 * Colors only when allowed by {@link Terminal}.
 */
public final class Output implements Progress {

    /**
     * Indented like Go's MarshalIndent ({@code "key": value}), which the reference tool's users parse. A holder
     * class, because Jackson takes a noticeable part of start-up and most commands print no JSON.
     */
    private static final class Json {
        static final ObjectWriter WRITER = new ObjectMapper().writer(new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean colors;

    public Output(PrintWriter out, PrintWriter err, boolean colors) {
        this.out = out;
        this.err = err;
        this.colors = colors;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** One line of data. */
    public void data(String line) {
        out.println(line);
        out.flush();
    }

    /** Data printed exactly as given, without a line break. */
    public void raw(String text) {
        out.print(text);
        out.flush();
    }

    /** A value as indented JSON, map entries in their own order. */
    public void json(Object value) {
        try {
            out.println(Json.WRITER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON output", e);
        }
    }

    @Override
    public void step(String message) {
        diagnostic(colors ? Ansi.ansi().bold().a(message).reset().toString() : message);
    }

    @Override
    public void info(String message) {
        diagnostic(message);
    }

    @Override
    public void warn(String message) {
        diagnostic(colors ? Ansi.ansi().fgYellow().a("Warning: ").reset().a(message).toString() : "Warning: " + message);
    }

    public void error(String message) {
        diagnostic(colors ? Ansi.ansi().fgRed().bold().a("Error: ").reset().a(message).toString() : "Error: " + message);
    }

    private void diagnostic(String line) {
        err.println(line);
        err.flush();
    }
}
