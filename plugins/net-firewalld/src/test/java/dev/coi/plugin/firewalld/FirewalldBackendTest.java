package dev.coi.plugin.firewalld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.NetworkMode;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.NetworkRule;
import dev.coi.api.NetworkRule.Verdict;
import dev.coi.api.PortException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FirewalldBackendTest {

    private static final String PRIVATE = "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,169.254.0.0/16";
    private static final NetworkPolicy RESTRICTED = new NetworkPolicy("coi-abc-1", "10.123.45.5",
            List.of(new NetworkRule(List.of(PRIVATE.split(",")), Verdict.REJECT)));
    private static final NetworkPolicy ALLOWLIST = new NetworkPolicy("coi-abc-1", "10.123.45.5", List.of(
            new NetworkRule(List.of("203.0.113.7/32"), Verdict.ALLOW),
            new NetworkRule(List.of(), Verdict.REJECT)));
    private static final String USERS_OWN = "ipv4 filter FORWARD 0 -s 10.123.45.5/32 -j ACCEPT";
    private static final String COI_COMMENT_ELSEWHERE =
            "ipv4 filter INPUT 0 -s 10.123.45.5/32 -m comment --comment coi:coi-abc-1 -j REJECT";

    private final FirewalldBackend backend = new FirewalldBackend(new FirewallState());

    private static String rule(int priority, String address, String destinations, String owner, String target) {
        return "ipv4 filter FORWARD " + priority + " -s " + address + "/32 "
                + (destinations.isEmpty() ? "" : "-d " + destinations + " ")
                + "-m comment --comment coi:" + owner + " -j " + target;
    }

    @Test
    void oneRulePerStepWithItsPositionAsPriorityAndNoMoreCallsThanThat() {
        FakeFirewalld firewall = new FakeFirewalld();

        backend.enforce(ALLOWLIST, firewall);

        assertEquals(Set.of(rule(0, "10.123.45.5", "203.0.113.7/32", "coi-abc-1", "ACCEPT"),
                rule(1, "10.123.45.5", "", "coi-abc-1", "REJECT")), firewall.rules());
        assertEquals(1, firewall.calls("--state"));
        assertEquals(1, firewall.calls("--get-all-rules"));
        assertEquals(2, firewall.calls("--add-rule"));
        assertEquals(4, firewall.calls().size());
    }

    @Test
    void aNewPolicyReplacesTheContainersOldRules() {
        FakeFirewalld firewall = new FakeFirewalld().with(rule(0, "10.123.45.5", PRIVATE, "coi-abc-1", "REJECT"),
                rule(0, "10.123.45.9", "", "coi-abc-1", "REJECT"));

        backend.enforce(ALLOWLIST, firewall);

        assertEquals(Set.of(rule(0, "10.123.45.5", "203.0.113.7/32", "coi-abc-1", "ACCEPT"),
                rule(1, "10.123.45.5", "", "coi-abc-1", "REJECT")), firewall.rules());
    }

    @Test
    void theSamePolicyAgainChangesNothing() {
        FakeFirewalld firewall = new FakeFirewalld();
        backend.enforce(RESTRICTED, firewall);
        Set<String> before = firewall.rules();

        backend.enforce(RESTRICTED, firewall);

        assertEquals(before, firewall.rules());
        assertEquals(0, firewall.calls("--remove-rule"));
    }

    @Test
    void aRecycledAddressLosesTheRulesOfItsEarlierOwner() {
        FakeFirewalld firewall = new FakeFirewalld().with(rule(0, "10.123.45.5", "", "coi-old-2", "REJECT"),
                rule(3, "10.123.45.5", PRIVATE, "coi-old-2", "REJECT"));

        backend.enforce(RESTRICTED, firewall);

        assertEquals(Set.of(rule(0, "10.123.45.5", PRIVATE, "coi-abc-1", "REJECT")), firewall.rules());
    }

    @Test
    void sourcesAreComparedExactlyAndOtherOwnersKeepTheirRules() {
        String neighbour = rule(0, "10.123.45.50", "", "coi-other-1", "REJECT");
        String widerSource = "ipv4 filter FORWARD 0 -s 10.123.45.5/24 -m comment --comment coi:coi-x-1 -j REJECT";
        FakeFirewalld firewall = new FakeFirewalld().with(neighbour, widerSource);

        backend.enforce(RESTRICTED, firewall);

        assertEquals(Set.of(neighbour, widerSource, rule(0, "10.123.45.5", PRIVATE, "coi-abc-1", "REJECT")),
                firewall.rules());
    }

    @Test
    void rulesWithoutCoisCommentInTheForwardChainAreNeverTouched() {
        FakeFirewalld firewall = new FakeFirewalld().with(USERS_OWN, COI_COMMENT_ELSEWHERE);

        backend.enforce(RESTRICTED, firewall);
        backend.release("coi-abc-1", firewall);

        assertEquals(Set.of(USERS_OWN, COI_COMMENT_ELSEWHERE), firewall.rules());
        assertEquals(Map.of(), backend.owners(firewall));
    }

    @Test
    void newRulesTheReadAlreadySawStay() {
        FakeFirewalld firewall = new FakeFirewalld().readAfterAdds(2)
                .with(rule(0, "10.123.45.5", PRIVATE, "coi-abc-1", "REJECT"));

        backend.enforce(ALLOWLIST, firewall);

        assertEquals(Set.of(rule(0, "10.123.45.5", "203.0.113.7/32", "coi-abc-1", "ACCEPT"),
                rule(1, "10.123.45.5", "", "coi-abc-1", "REJECT")), firewall.rules());
    }

    @Test
    void aRefusedRuleTakesBackWhatThisCallAddedAndKeepsTheOldRules() {
        String old = rule(0, "10.123.45.5", PRIVATE, "coi-abc-1", "REJECT");
        String alreadyThere = rule(0, "10.123.45.5", "203.0.113.7/32", "coi-abc-1", "ACCEPT");
        FakeFirewalld firewall = new FakeFirewalld().with(old, alreadyThere)
                .refusing(rule -> rule.startsWith("ipv4 filter FORWARD 2 "));
        NetworkPolicy policy = new NetworkPolicy("coi-abc-1", "10.123.45.5", List.of(
                new NetworkRule(List.of("203.0.113.7/32"), Verdict.ALLOW),
                new NetworkRule(List.of("198.51.100.0/24"), Verdict.ALLOW),
                new NetworkRule(List.of(), Verdict.REJECT)));

        PortException failure = assertThrows(PortException.class, () -> backend.enforce(policy, firewall));

        assertEquals(Set.of(old, alreadyThere), firewall.rules());
        assertTrue(failure.getMessage().contains("coi-abc-1 (10.123.45.5)"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Error: COMMAND_FAILED: '/usr/sbin/iptables-restore -w -n' failed"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("removed again"), failure.getMessage());
        assertTrue(failure.getMessage().contains("firewall-cmd --state"), failure.getMessage());
    }

    @Test
    void anUnreadableFirewallTakesBackTheNewRules() {
        FakeFirewalld firewall = new FakeFirewalld().unreadable();

        PortException failure = assertThrows(PortException.class, () -> backend.enforce(RESTRICTED, firewall));

        assertEquals(Set.of(), firewall.rules());
        assertTrue(failure.getMessage().contains("FirewallD is not running"), failure.getMessage());
    }

    @Test
    void aRuleThatWillNotGoIsNamedWithTheCommandThatRemovesIt() {
        String stuck = rule(0, "10.123.45.9", "", "coi-abc-1", "REJECT");
        FakeFirewalld firewall = new FakeFirewalld().with(stuck).notRemoving(stuck::equals);

        PortException failure = assertThrows(PortException.class, () -> backend.release("coi-abc-1", firewall));

        assertTrue(failure.getMessage().contains("firewall-cmd --direct --remove-rule " + stuck), failure.getMessage());
    }

    @Test
    void anOldRuleThatWillNotGoLeavesTheNewOnesInPlace() {
        String stuck = rule(0, "10.123.45.5", "", "coi-old-2", "REJECT");
        FakeFirewalld firewall = new FakeFirewalld().with(stuck).notRemoving(stuck::equals);

        PortException failure = assertThrows(PortException.class, () -> backend.enforce(RESTRICTED, firewall));

        assertEquals(Set.of(stuck, rule(0, "10.123.45.5", PRIVATE, "coi-abc-1", "REJECT")), firewall.rules());
        assertTrue(failure.getMessage().startsWith("the network rules of coi-abc-1 (10.123.45.5) are in place, but"
                + " older ones are left: could not remove the firewalld rule '" + stuck + "'"), failure.getMessage());
    }

    @Test
    void releaseRemovesEveryRuleOfTheContainerOnlyOnce() {
        String neighbour = rule(0, "10.123.45.50", "", "coi-other-1", "REJECT");
        FakeFirewalld firewall = new FakeFirewalld().with(neighbour, USERS_OWN,
                rule(0, "10.123.45.9", "", "coi-abc-1", "REJECT"));
        backend.enforce(ALLOWLIST, firewall);

        backend.release("coi-abc-1", firewall);
        long removals = firewall.calls("--remove-rule");
        backend.release("coi-abc-1", firewall);

        assertEquals(Set.of(neighbour, USERS_OWN), firewall.rules());
        assertEquals(removals, firewall.calls("--remove-rule"));
    }

    @Test
    void ownersAreTheContainersWithTheirAddresses() {
        FakeFirewalld firewall = new FakeFirewalld().with(USERS_OWN, rule(0, "10.123.45.50", "", "coi-other-1", "REJECT"),
                rule(1, "10.123.45.51", PRIVATE, "coi-other-1", "REJECT"));
        backend.enforce(ALLOWLIST, firewall);

        assertEquals(Map.of("coi-abc-1", Set.of("10.123.45.5"), "coi-other-1", Set.of("10.123.45.50", "10.123.45.51")),
                backend.owners(firewall));
    }

    @Test
    void sudoOrNotIsDecidedOnce() {
        FakeFirewalld firewall = new FakeFirewalld().onlyThroughSudo();

        backend.enforce(RESTRICTED, firewall);
        backend.release("coi-abc-1", firewall);

        assertEquals(2, firewall.calls("--state"));
        assertTrue(firewall.calls().stream().skip(2).allMatch(argv -> argv.subList(0, 2).equals(List.of("sudo", "-n"))),
                firewall.calls().toString());
        assertEquals(Set.of(), firewall.rules());
    }

    @Test
    void theAvailabilityCheckIsTheOnlyProbe() {
        FakeFirewalld firewall = new FakeFirewalld();

        assertTrue(backend.availability(firewall).available());
        backend.enforce(RESTRICTED, firewall);

        assertEquals(1, firewall.calls("--state"));
    }

    @Test
    void whatCannotBeWrittenIntoARuleIsRefusedBeforeAnyCall() {
        FakeFirewalld firewall = new FakeFirewalld();

        assertThrows(IllegalArgumentException.class, () -> backend.enforce(
                new NetworkPolicy("coi abc", "10.123.45.5", List.of()), firewall));
        assertThrows(IllegalArgumentException.class, () -> backend.enforce(
                new NetworkPolicy("coi-abc-1", "10.123.45.5/32", List.of()), firewall));
        assertThrows(IllegalArgumentException.class, () -> backend.enforce(new NetworkPolicy("coi-abc-1",
                "10.123.45.5", List.of(new NetworkRule(List.of("10.0.0.0/8 -j ACCEPT"), Verdict.REJECT))), firewall));
        assertEquals(List.of(), firewall.calls());
    }

    private static final String IPV6 = "fd42:1:2:3:c0:1aff:fe7b:2d05";
    private static final String PRIVATE_IPV6 = "fc00::/7,fe80::/10,fd00:ec2::254/128";
    private static final NetworkPolicy DUAL_RESTRICTED = new NetworkPolicy("coi-abc-1", "10.123.45.5",
            List.of(new NetworkRule(List.of((PRIVATE + "," + PRIVATE_IPV6).split(",")), Verdict.REJECT)),
            Optional.of(IPV6));

    private static String rule6(int priority, String address, String destinations, String owner, String target) {
        return "ipv6 filter FORWARD " + priority + " -s " + address + "/128 "
                + (destinations.isEmpty() ? "" : "-d " + destinations + " ")
                + "-m comment --comment coi:" + owner + " -j " + target
                + (target.equals("REJECT") ? " --reject-with icmp6-adm-prohibited" : "");
    }

    @Test
    void aContainerWithAnIpv6AddressGetsEachStepInBothFamiliesEachScopedToItsOwnAddress() {
        FakeFirewalld firewall = new FakeFirewalld();

        backend.enforce(DUAL_RESTRICTED, firewall);

        assertEquals(Set.of(rule(0, "10.123.45.5", PRIVATE, "coi-abc-1", "REJECT"),
                rule6(0, IPV6, PRIVATE_IPV6, "coi-abc-1", "REJECT")), firewall.rules());
        assertEquals(Map.of("coi-abc-1", Set.of("10.123.45.5", IPV6)), backend.owners(firewall));
    }

    @Test
    void aStepOfOneFamilyHasNoRuleInTheOtherWhichItMustNotMatch() {
        FakeFirewalld firewall = new FakeFirewalld();
        NetworkPolicy policy = new NetworkPolicy("coi-abc-1", "10.123.45.5", List.of(
                new NetworkRule(List.of("fd00:ec2::254/128"), Verdict.REJECT),
                new NetworkRule(List.of("203.0.113.7/32", "2001:db8::7/128"), Verdict.ALLOW),
                new NetworkRule(List.of("198.51.100.0/24"), Verdict.ALLOW),
                new NetworkRule(List.of(), Verdict.REJECT)), Optional.of(IPV6));

        backend.enforce(policy, firewall);

        assertEquals(Set.of(rule6(0, IPV6, "fd00:ec2::254/128", "coi-abc-1", "REJECT"),
                rule(1, "10.123.45.5", "203.0.113.7/32", "coi-abc-1", "ACCEPT"),
                rule6(1, IPV6, "2001:db8::7/128", "coi-abc-1", "ACCEPT"),
                rule(2, "10.123.45.5", "198.51.100.0/24", "coi-abc-1", "ACCEPT"),
                rule(3, "10.123.45.5", "", "coi-abc-1", "REJECT"),
                rule6(3, IPV6, "", "coi-abc-1", "REJECT")), firewall.rules());
    }

    @Test
    void withoutAnIpv6AddressIpv6DestinationsGetNoRuleAndAnIpv6OnlyStepNone() {
        FakeFirewalld firewall = new FakeFirewalld();

        backend.enforce(new NetworkPolicy("coi-abc-1", "10.123.45.5", List.of(
                new NetworkRule(List.of("fd00:ec2::254/128"), Verdict.REJECT),
                new NetworkRule(List.of("203.0.113.7/32", "2001:db8::7/128"), Verdict.ALLOW),
                new NetworkRule(List.of(), Verdict.REJECT))), firewall);

        assertEquals(Set.of(rule(1, "10.123.45.5", "203.0.113.7/32", "coi-abc-1", "ACCEPT"),
                rule(2, "10.123.45.5", "", "coi-abc-1", "REJECT")), firewall.rules());
    }

    @Test
    void aRecycledIpv6AddressLosesTheRulesOfItsEarlierOwnerAndReleaseRemovesBothFamilies() {
        String neighbour = rule6(0, "fd42:1:2:3:c0:1aff:fe7b:2d06", "", "coi-other-1", "REJECT");
        FakeFirewalld firewall = new FakeFirewalld().with(rule6(0, IPV6, "", "coi-old-2", "REJECT"), neighbour,
                USERS_OWN);

        backend.enforce(DUAL_RESTRICTED, firewall);
        assertEquals(Set.of(neighbour, USERS_OWN, rule(0, "10.123.45.5", PRIVATE, "coi-abc-1", "REJECT"),
                rule6(0, IPV6, PRIVATE_IPV6, "coi-abc-1", "REJECT")), firewall.rules());

        backend.release("coi-abc-1", firewall);
        assertEquals(Set.of(neighbour, USERS_OWN), firewall.rules());
    }

    @Test
    void aPolicyThatLostItsIpv6AddressLosesItsIpv6Rules() {
        FakeFirewalld firewall = new FakeFirewalld();
        backend.enforce(DUAL_RESTRICTED, firewall);

        backend.enforce(RESTRICTED, firewall);

        assertEquals(Set.of(rule(0, "10.123.45.5", PRIVATE, "coi-abc-1", "REJECT")), firewall.rules());
    }

    @Test
    void ipv6ThatCannotBeWrittenIntoARuleIsRefusedBeforeAnyCall() {
        FakeFirewalld firewall = new FakeFirewalld();

        for (NetworkPolicy bad : List.of(
                new NetworkPolicy("coi-abc-1", "10.123.45.5", List.of(), Optional.of("fd42::1 -j ACCEPT")),
                new NetworkPolicy("coi-abc-1", "10.123.45.5", List.of(), Optional.of("fd42::1/128")),
                new NetworkPolicy("coi-abc-1", "10.123.45.5", List.of(new NetworkRule(List.of("fc00::/7,::/0"),
                        Verdict.REJECT)), Optional.of(IPV6)),
                new NetworkPolicy("coi-abc-1", "10.123.45.5", List.of(new NetworkRule(List.of("fc00::/7 --x"),
                        Verdict.REJECT)), Optional.of(IPV6)))) {
            assertThrows(IllegalArgumentException.class, () -> backend.enforce(bad, firewall), bad.toString());
        }
        assertEquals(List.of(), firewall.calls());
    }

    @Test
    void enforcesEveryMode() {
        assertEquals(Set.of(NetworkMode.values()), backend.supportedModes());
    }
}
