package dev.coi.kernel.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.coi.api.Progress;
import java.io.PrintWriter;
import java.util.function.LongSupplier;
import org.jline.jansi.Ansi;

/**
 * Where a command writes: data (tables, JSON) to standard output, diagnostics and progress to standard error.
 * Colors only when allowed by {@link Terminal}.
 */
public final class Output implements Progress {

    /**
     * Indented like Go's MarshalIndent ({@code "key": value}, empty {@code []} and {@code {}}), which the reference
     * tool's users parse. A holder class, because Jackson takes a noticeable part of start-up and most commands
     * print no JSON.
     */
    private static final class Json {
        static final ObjectWriter WRITER = new ObjectMapper().writer(new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withArrayEmptySeparator("").withObjectEmptySeparator("")));
    }

    /** Off a terminal, status reports closer together than this are dropped, so logs stay short. */
    static final long PLAIN_STATUS_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean colors;
    private final boolean liveStatus;
    private final LongSupplier nanoTime;
    private int statusWidth;
    private long lastPlainStatus;
    private boolean plainStatusPrinted;

    /**
     * @param colors whether diagnostics may carry colors
     * @param liveStatus whether standard error is a terminal on which a status line can be rewritten in place
     */
    public Output(PrintWriter out, PrintWriter err, boolean colors, boolean liveStatus) {
        this(out, err, colors, liveStatus, System::nanoTime);
    }

    Output(PrintWriter out, PrintWriter err, boolean colors, boolean liveStatus, LongSupplier nanoTime) {
        this.out = out;
        this.err = err;
        this.colors = colors;
        this.liveStatus = liveStatus;
        this.nanoTime = nanoTime;
    }

    /** Whether the output may carry colors (a terminal, no {@code NO_COLOR}). */
    public boolean colors() {
        return colors;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** One line of data. */
    public void data(String line) {
        endStatus();
        out.println(line);
        out.flush();
    }

    /** Data printed exactly as given, without a line break. */
    public void raw(String text) {
        endStatus();
        out.print(text);
        out.flush();
    }

    /** A value as indented JSON, map entries in their own order. */
    public void json(Object value) {
        endStatus();
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

    /** A question on standard error, without a line break, so that the answer is typed after it. */
    public synchronized void prompt(String question) {
        endStatus();
        err.print(question);
        err.flush();
    }

    public void error(String message) {
        diagnostic(colors ? Ansi.ansi().fgRed().bold().a("Error: ").reset().a(message).toString() : "Error: " + message);
    }

    @Override
    public synchronized void status(String status) {
        String line = status.replaceAll("\\s+", " ").strip();
        if (liveStatus) {
            // padding, not an escape sequence, wipes what is left of a longer previous status
            err.print("\r" + line + " ".repeat(Math.max(0, statusWidth - line.length())));
            err.flush();
            statusWidth = line.length();
            return;
        }
        long now = nanoTime.getAsLong();
        if (!plainStatusPrinted || now - lastPlainStatus >= PLAIN_STATUS_INTERVAL_NANOS) {
            plainStatusPrinted = true;
            lastPlainStatus = now;
            err.println(line);
            err.flush();
        }
    }

    private synchronized void diagnostic(String line) {
        endStatus();
        err.println(line);
        err.flush();
    }

    /** Clears a live status line, so that the next line starts at the left margin of an empty line. */
    private synchronized void endStatus() {
        if (statusWidth > 0) {
            err.print("\r" + " ".repeat(statusWidth) + "\r");
            err.flush();
            statusWidth = 0;
        }
    }
}
