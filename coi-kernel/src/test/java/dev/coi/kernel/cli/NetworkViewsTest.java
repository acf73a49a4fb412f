package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.api.NetworkMode;
import dev.coi.api.RulesInForce;
import dev.coi.api.RulesInForce.Admitted;
import dev.coi.kernel.network.NetworkView;
import dev.coi.kernel.network.NetworkView.Allowed;
import dev.coi.kernel.network.NetworkView.Firewall;
import dev.coi.kernel.network.NetworkView.RulesState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@code coi network show} prints, as text and as JSON. */
class NetworkViewsTest {

    private static final Instant RESOLVED = Instant.parse("2026-12-06T03:40:00Z");

    private static NetworkView allowlist(RulesState state, Set<String> inForce, String detail) {
        return new NetworkView("coi-ab12cd34-1", NetworkMode.ALLOWLIST, Optional.of("firewalld"), "10.20.30.6",
                List.of("allow 140.82.112.0/20, 93.184.215.14/32", "reject everything else"), inForce,
                List.of(new Allowed("example.org", List.of("93.184.215.14")),
                        new Allowed("140.82.112.0/20", List.of("140.82.112.0/20")),
                        new Allowed("gone.example", List.of())),
                RESOLVED, Optional.of(RESOLVED.plusSeconds(1800)), state, detail, Optional.empty(), Firewall.unsaid());
    }

    private static NetworkView restricted(RulesState state, String detail) {
        return restricted(state, detail, Firewall.unsaid());
    }

    private static NetworkView restricted(RulesState state, String detail, Firewall firewall) {
        return new NetworkView("coi-ab12cd34-1", NetworkMode.RESTRICTED, Optional.empty(), "10.20.30.6",
                List.of("reject 10.0.0.0/8, 169.254.0.0/16"), Set.of(), List.of(), RESOLVED, Optional.empty(), state,
                detail, Optional.empty(), firewall);
    }

    /** An allowlist that follows DNS, with what nftables holds for it. */
    private static NetworkView followingDns(Firewall firewall) {
        return new NetworkView("coi-ab12cd34-1", NetworkMode.ALLOWLIST, Optional.of("nftables"),
                "10.20.30.6", List.of("allow the addresses coi's resolver admitted", "allow 140.82.112.0/20",
                "reject everything else"), Set.of("10.20.30.6"), List.of(new Allowed("*.example.org", List.of()),
                new Allowed("140.82.112.0/20", List.of("140.82.112.0/20"))), RESOLVED, Optional.empty(),
                RulesState.IN_FORCE, "in force", Optional.of("10.20.30.1:23456, asking 192.0.2.53:53"), firewall);
    }

    @Test
    void textOfAnAllowlistInForce() {
        assertEquals(List.of(
                "Container: coi-ab12cd34-1",
                "Mode:      allowlist",
                "Backend:   firewalld",
                "Address:   10.20.30.6",
                "Rules (first match wins; traffic no rule matches passes):",
                "  allow 140.82.112.0/20, 93.184.215.14/32",
                "  reject everything else",
                "In force:  yes - firewalld has rules of coi-ab12cd34-1 for 10.20.30.6",
                "Allowed:",
                "  example.org      93.184.215.14",
                "  140.82.112.0/20  140.82.112.0/20",
                "  gone.example     (did not resolve: blocked)",
                "Resolved:  2026-12-06T03:40:00Z, again at 2026-12-06T04:10:00Z while the container runs"),
                NetworkViews.text(allowlist(RulesState.IN_FORCE, Set.of("10.20.30.6"),
                        "firewalld has rules of coi-ab12cd34-1 for 10.20.30.6")));
    }

    @Test
    void anAllowlistThatFollowsDnsNamesItsResolverInsteadOfAResolution() throws Exception {
        NetworkView view = new NetworkView("coi-ab12cd34-1", NetworkMode.ALLOWLIST, Optional.of("nftables"),
                "10.20.30.6", List.of("allow 140.82.112.0/20", "reject everything else"), Set.of("10.20.30.6"),
                List.of(new Allowed("*.example.org", List.of()), new Allowed("140.82.112.0/20",
                        List.of("140.82.112.0/20"))), RESOLVED, Optional.empty(), RulesState.IN_FORCE, "in force",
                Optional.of("10.20.30.1:23456, asking 192.0.2.53:53"), Firewall.unsaid());

        List<String> text = NetworkViews.text(view);

        assertTrue(text.contains("  *.example.org    (what it resolves to when the container asks)"), text::toString);
        assertTrue(text.contains("Resolver:  10.20.30.1:23456, asking 192.0.2.53:53 (coi's, in the keeper)"),
                text::toString);
        assertTrue(text.stream().noneMatch(line -> line.startsWith("Resolved:")), text::toString);
        assertEquals("10.20.30.1:23456, asking 192.0.2.53:53", NetworkViews.json(view).get("resolver"));
    }

    @Test
    void textOfRestrictedRulesMissingSaysSoAndHasNoAllowlist() {
        List<String> text = NetworkViews.text(restricted(RulesState.MISSING, "firewalld has no rules of it"));

        assertEquals("Backend:   none available", text.get(2));
        assertEquals("In force:  NO, rules missing - firewalld has no rules of it", text.getLast());
        assertFalse(text.stream().anyMatch(line -> line.startsWith("Allowed:") || line.startsWith("Resolved:")),
                text::toString);
    }

    @Test
    void onlyRulesThatMatchTheRecordExitWithZero() {
        assertTrue(NetworkViews.filteredAsRecorded(restricted(RulesState.IN_FORCE, "")));
        assertTrue(NetworkViews.filteredAsRecorded(restricted(RulesState.NONE_NEEDED, "")));
        assertFalse(NetworkViews.filteredAsRecorded(restricted(RulesState.MISSING, "")));
        assertFalse(NetworkViews.filteredAsRecorded(restricted(RulesState.OTHER_ADDRESS, "")));
        assertFalse(NetworkViews.filteredAsRecorded(restricted(RulesState.UNKNOWN, "")));
    }

    @Test
    void jsonOfAnAllowlistWithRulesForAnotherAddress() throws Exception {
        JsonNode json = rendered(allowlist(RulesState.OTHER_ADDRESS, Set.of("10.20.30.9"), "scoped elsewhere"));

        assertEquals("coi-ab12cd34-1", json.get("container").asText());
        assertEquals("allowlist", json.get("mode").asText());
        assertEquals("firewalld", json.get("backend").asText());
        assertEquals("10.20.30.6", json.get("address").asText());
        assertEquals("reject everything else", json.get("rules").get(1).asText());
        assertEquals("other_address", json.get("state").asText());
        assertEquals("10.20.30.9", json.get("rules_in_force_for").get(0).asText());
        assertEquals("scoped elsewhere", json.get("detail").asText());
        assertEquals("example.org", json.get("allowed").get(0).get("entry").asText());
        assertEquals("93.184.215.14", json.get("allowed").get(0).get("addresses").get(0).asText());
        assertEquals(0, json.get("allowed").get(2).get("addresses").size());
        assertEquals("2026-12-06T03:40:00Z", json.get("resolved_at").asText());
        assertEquals("2026-12-06T04:10:00Z", json.get("next_refresh").asText());
    }

    @Test
    void jsonOutsideAllowlistModeHasNullsNotMissingKeys() throws Exception {
        JsonNode json = rendered(restricted(RulesState.UNKNOWN, "no backend"));

        assertTrue(json.get("backend").isNull());
        assertEquals(0, json.get("allowed").size());
        assertTrue(json.get("resolved_at").isNull());
        assertTrue(json.get("next_refresh").isNull());
        assertNull(json.get("names"));
        assertTrue(json.get("firewall_rules").isNull());
        assertTrue(json.get("admitted").isNull());
        assertTrue(json.get("firewall_read_error").isNull());
    }

    @Test
    void whatTheFirewallHoldsIsShownWithItsCountersAndWhatDnsAdmittedWithTheTimeLeft() throws Exception {
        NetworkView view = followingDns(new Firewall(Optional.of(new RulesInForce(List.of(
                "ctr_coi-ab12cd34-1: ip daddr @ctr_coi-ab12cd34-1_dns accept (5 packets, 300 bytes)",
                "ctr_coi-ab12cd34-1: reject (12 packets, 720 bytes)"), List.of(
                new Admitted("198.51.100.9", Duration.ofSeconds(54)),
                new Admitted("2001:db8::9", Duration.ofSeconds(598)),
                new Admitted("203.0.113.7", Duration.ofSeconds(86_399))))), Optional.empty()));

        List<String> text = NetworkViews.text(view);

        int firewall = text.indexOf("In the firewall (counters since the rules were last put in place):");
        assertEquals(text.indexOf("In force:  yes - in force") + 1, firewall, text::toString);
        assertEquals(List.of(
                "  ctr_coi-ab12cd34-1: ip daddr @ctr_coi-ab12cd34-1_dns accept (5 packets, 300 bytes)",
                "  ctr_coi-ab12cd34-1: reject (12 packets, 720 bytes)"), text.subList(firewall + 1, firewall + 3));
        assertEquals(List.of(
                "Admitted by DNS:",
                "  198.51.100.9  expires in 54 s",
                "  2001:db8::9   expires in 9 min 58 s",
                "  203.0.113.7   expires in 23 h 59 min"), text.subList(text.size() - 4, text.size()));

        JsonNode json = rendered(view);
        assertEquals("ctr_coi-ab12cd34-1: reject (12 packets, 720 bytes)", json.get("firewall_rules").get(1).asText());
        assertEquals("198.51.100.9", json.get("admitted").get(0).get("address").asText());
        assertEquals(54, json.get("admitted").get(0).get("expires_in_seconds").asLong());
        assertEquals(598, json.get("admitted").get(1).get("expires_in_seconds").asLong());
        assertTrue(json.get("firewall_read_error").isNull());
    }

    @Test
    void aContainerWithNothingInTheFirewallOrNothingAdmittedSaysSo() throws Exception {
        NetworkView view = followingDns(new Firewall(Optional.of(new RulesInForce(List.of(), List.of())),
                Optional.empty()));

        List<String> text = NetworkViews.text(view);

        int firewall = text.indexOf("In the firewall (counters since the rules were last put in place):");
        assertEquals("  none", text.get(firewall + 1), text::toString);
        assertEquals(List.of("Admitted by DNS:", "  none now"), text.subList(text.size() - 2, text.size()));
        JsonNode json = rendered(view);
        assertEquals(0, json.get("firewall_rules").size());
        assertEquals(0, json.get("admitted").size());
    }

    @Test
    void rulesThatDoNotFollowDnsHaveNoAdmittedSection() {
        List<String> text = NetworkViews.text(restricted(RulesState.IN_FORCE, "in force", new Firewall(Optional.of(
                new RulesInForce(List.of("ctr_c: ip daddr { 10.0.0.0/8 } reject (0 packets, 0 bytes)"), List.of())),
                Optional.empty())));

        assertEquals("  ctr_c: ip daddr { 10.0.0.0/8 } reject (0 packets, 0 bytes)", text.getLast());
        assertFalse(text.contains("Admitted by DNS:"), text::toString);
    }

    @Test
    void aFirewallThatCouldNotBeReadIsSaidAndTheRestIsShown() throws Exception {
        NetworkView view = restricted(RulesState.IN_FORCE, "in force",
                new Firewall(Optional.empty(), Optional.of("could not read coi's nftables table: denied")));

        assertEquals("In the firewall: could not be read: could not read coi's nftables table: denied",
                NetworkViews.text(view).getLast());
        JsonNode json = rendered(view);
        assertEquals("could not read coi's nftables table: denied", json.get("firewall_read_error").asText());
        assertTrue(json.get("firewall_rules").isNull());
        assertTrue(json.get("admitted").isNull());
        assertEquals("in_force", json.get("state").asText());
    }

    /** Through {@link Output#json}, as the command prints it. */
    private static JsonNode rendered(NetworkView view) throws Exception {
        StringWriter out = new StringWriter();
        Output output = new Output(new PrintWriter(out), new PrintWriter(new StringWriter()), false, false);
        output.json(NetworkViews.json(view));
        return new ObjectMapper().readTree(out.toString());
    }
}
