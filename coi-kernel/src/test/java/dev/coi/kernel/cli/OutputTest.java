package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutputTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicLong now = new AtomicLong();

    private Output output(boolean liveStatus) {
        return new Output(new PrintWriter(out), new PrintWriter(err), false, liveStatus, now::get);
    }

    @Test
    void onATerminalStatusRewritesOneLineThatTheNextMessageClears() {
        Output output = output(true);

        output.status("Image pack: 9% (1.00MB/s)");
        output.status("Image pack: 10%");
        output.info("Published");

        assertEquals("\rImage pack: 9% (1.00MB/s)"
                + "\rImage pack: 10%          "
                + "\r               \r"
                + "Published\n", err.toString());
    }

    @Test
    void dataAlsoClearsTheStatusLineFirst() {
        Output output = output(true);

        output.status("50%");
        output.data("fingerprint");

        assertEquals("\r50%\r   \r", err.toString());
        assertEquals("fingerprint\n", out.toString());
    }

    @Test
    void offATerminalStatusIsAPlainLineAtMostEveryFewSeconds() {
        Output output = output(false);

        output.status("1%");
        now.addAndGet(Output.PLAIN_STATUS_INTERVAL_NANOS - 1);
        output.status("2%");
        now.addAndGet(1);
        output.status("3%");
        output.info("done");

        assertEquals("1%\n3%\ndone\n", err.toString());
    }

    @Test
    void jsonIsIndentedLikeGoWithEmptyListsAndMapsClosedUp() {
        output(false).json(List.of());
        output(false).json(new TreeMap<>(Map.of("alias", "a", "aliases", List.of(), "extra", Map.of())));

        assertEquals("[]\n{\n  \"alias\": \"a\",\n  \"aliases\": [],\n  \"extra\": {}\n}\n", out.toString());
    }
}
