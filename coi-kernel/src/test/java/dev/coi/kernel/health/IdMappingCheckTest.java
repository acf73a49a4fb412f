package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdMappingCheckTest {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path PASSWD = Path.of("/etc/passwd");
    private static final String USER_1002 = "Name:\tjava\nUid:\t1002\t1002\t1002\t1002\nGid:\t994\t994\t994\t994\n";
    private static final String PASSWD_1002 = "root:x:0:0::/root:/bin/bash\nana:x:1002:1005::/home/ana:/bin/bash\n";
    private static final String ROOT_RANGE = "root:1000000:1000000000\n";

    private static HealthResult check(Map<Path, String> files) {
        NoHost host = new NoHost(files, Map.of());
        return new IdMappingCheck().run(host, host);
    }

    private static Map<Path, String> user1002(String subuid, String subgid) {
        Map<Path, String> files = new HashMap<>();
        files.put(STATUS, USER_1002);
        files.put(PASSWD, PASSWD_1002);
        files.put(IdMappingCheck.SUBUID, subuid);
        files.put(IdMappingCheck.SUBGID, subgid);
        return files;
    }

    @Test
    void theUidAndThePrimaryGidDelegatedToRootPass() {
        HealthResult result = check(user1002(ROOT_RANGE + "root:1002:1\n", ROOT_RANGE + "root:1005:1\n"));

        assertEquals(Status.OK, result.status(), result::toString);
        assertEquals("uid 1002 and gid 1005 may be mapped to the code user", result.message());
    }

    @Test
    void aMissingGidFailsNamingTheLineToAdd() {
        HealthResult result = check(user1002(ROOT_RANGE + "root:1002:1\n", ROOT_RANGE + "root:1002:1\n"));

        assertEquals(Status.FAILED, result.status(), result::toString);
        assertTrue(result.fix().contains("'root:1005:1' in /etc/subgid"), result.fix());
        assertFalse(result.fix().contains("/etc/subuid"), result.fix());
    }

    @Test
    void anotherUsersRangeDoesNotCount() {
        HealthResult result = check(user1002("ana:1002:1\n" + ROOT_RANGE, "root:1000:5\n"));

        assertEquals(Status.FAILED, result.status(), result::toString);
        assertTrue(result.fix().contains("'root:1002:1' in /etc/subuid and 'root:1005:1' in /etc/subgid"),
                result.fix());
    }

    @Test
    void rootIsToldThatItsWorkspacesMustBelongToANormalUser() {
        HealthResult result = check(Map.of(STATUS, "Uid:\t0\t0\t0\t0\n"));

        assertEquals(Status.OK, result.status(), result::toString);
        assertTrue(result.message().contains("coi never maps host root"), result.message());
    }

    @Test
    void withoutTheFilesItIsNotCheckedHere() {
        HealthResult result = check(Map.of(STATUS, USER_1002));

        assertEquals(Status.WARNING, result.status(), result::toString);
        assertTrue(result.message().startsWith("not checked"), result.message());
    }

    @Test
    void rangesAreReadAsStartAndCount() {
        assertTrue(IdMappingCheck.delegated("root:1000:3\n", 1002));
        assertFalse(IdMappingCheck.delegated("root:1000:2\n", 1002));
        assertTrue(IdMappingCheck.delegated("# a comment\n0:1002:1\n", 1002));
        assertFalse(IdMappingCheck.delegated("root:x:1\n", 1002));
    }
}
