package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void hasStatusTimestampChecksByNameAndSummary() {
        HealthReport report = new HealthReport(OffsetDateTime.parse("2026-11-27T04:05:06.789+01:00"), List.of(
                new CheckOutcome("incus", "CRITICAL", new HealthResult(Status.OK, "Incus 6.0.4", "",
                        Map.of("version", "6.0.4"))),
                new CheckOutcome("image", "CRITICAL", HealthResult.warning("coi is 40 days old", "coi build --force"))));

        JsonNode json = mapper.valueToTree(HealthJson.of(report));

        assertEquals(List.of("status", "timestamp", "checks", "summary"), fieldNames(json));
        assertEquals("degraded", json.get("status").asText());
        assertEquals("2026-11-27T04:05:06+01:00", json.get("timestamp").asText());
        assertEquals(List.of("incus", "image"), fieldNames(json.get("checks")));
        JsonNode incus = json.get("checks").get("incus");
        assertEquals(List.of("name", "category", "status", "message", "fix", "details"), fieldNames(incus));
        assertEquals("ok", incus.get("status").asText());
        assertEquals("6.0.4", incus.get("details").get("version").asText());
        JsonNode image = json.get("checks").get("image");
        assertEquals("warning", image.get("status").asText());
        assertEquals("coi build --force", image.get("fix").asText());
        assertEquals(0, image.get("details").size());
        assertEquals(mapper.valueToTree(Map.of("total", 2, "passed", 1, "warnings", 1, "failed", 0)),
                json.get("summary"));
    }

    @Test
    void aFailureIsUnhealthy() {
        HealthReport report = new HealthReport(OffsetDateTime.parse("2026-11-27T03:00:00Z"), List.of(
                new CheckOutcome("incus", "CRITICAL", HealthResult.failed("down", "start it"))));

        JsonNode json = mapper.valueToTree(HealthJson.of(report));

        assertEquals("unhealthy", json.get("status").asText());
        assertEquals("2026-11-27T03:00:00Z", json.get("timestamp").asText());
        assertEquals("failed", json.get("checks").get("incus").get("status").asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
