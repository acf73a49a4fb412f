package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OwnerMappingTest {

    @Test
    void theDelegationHintNamesTheLinesTheOwnersIdsNeed() {
        String hint = OwnerMapping.delegationHint(new WorkspaceOwner(1002, 1003).rawIdmap());

        assertTrue(hint.contains("'root:1002:1' in /etc/subuid and 'root:1003:1' in /etc/subgid"), hint);
        assertTrue(hint.contains("raw.idmap 'uid 1002 1000,gid 1003 1000'"), hint);
        assertTrue(hint.contains("restart the Incus daemon"), hint);
    }

    @Test
    void aMappingOfAnotherShapeStillSaysWhereTheLinesGo() {
        String hint = OwnerMapping.delegationHint("both 1001 1000");

        assertTrue(hint.contains("the mapped ids for root to /etc/subuid and /etc/subgid"), hint);
    }
}
