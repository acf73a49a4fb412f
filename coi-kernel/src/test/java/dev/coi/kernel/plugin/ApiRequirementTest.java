package dev.coi.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CoiApi;
import dev.coi.kernel.base.CoiException;
import org.junit.jupiter.api.Test;

class ApiRequirementTest {

    @Test
    void theNextBreakingVersionIsTheNextMinorBeforeOneAndTheNextMajorAfter() {
        assertEquals("0.2.0", ApiRequirement.nextBreaking("0.1.0"));
        assertEquals("0.4.0", ApiRequirement.nextBreaking("0.3.7"));
        assertEquals("2.0.0", ApiRequirement.nextBreaking("1.4.2"));
    }

    @Test
    void theRangeADocumentedPluginDeclaresIsSatisfied() {
        assertEquals(">=" + CoiApi.VERSION + " & <" + ApiRequirement.nextBreaking(CoiApi.VERSION),
                ApiRequirement.CURRENT_RANGE);
        assertTrue(ApiRequirement.satisfied(ApiRequirement.CURRENT_RANGE));
        assertTrue(ApiRequirement.satisfied(">=0.3.0 & <0.4.0"));
    }

    @Test
    void rangesOutsideThisApiAreNot() {
        // plugins built for 0.1, which still had SessionStorage, and for 0.2, whose network backends knew no IPv6
        assertFalse(ApiRequirement.satisfied(">=0.1.0 & <0.2.0"));
        assertFalse(ApiRequirement.satisfied(">=0.2.0 & <0.3.0"));
        assertFalse(ApiRequirement.satisfied(">=0.4.0 & <0.5.0"));
        assertFalse(ApiRequirement.satisfied("<0.1.0"));
        assertFalse(ApiRequirement.satisfied(">=1.0.0"));
        assertFalse(ApiRequirement.satisfied("not a range"));
    }

    @Test
    void starAndGarbageAreRefusedWithAnExample() {
        CoiException star = assertThrows(CoiException.class, () -> ApiRequirement.check("p.jar", "*"));
        assertTrue(star.getMessage().contains("e.g. " + ApiRequirement.CURRENT_RANGE), star.getMessage());
        CoiException garbage = assertThrows(CoiException.class, () -> ApiRequirement.check("p.jar", "latest please"));
        assertTrue(garbage.getMessage().contains("is not a SemVer expression"), garbage.getMessage());
    }
}
