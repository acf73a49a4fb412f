package dev.coi.kernel.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CleanupPlanTest {

    private static LocalImage image(String fingerprint, String... aliases) {
        return new LocalImage(fingerprint, List.of(aliases), 1, Optional.empty(), Optional.empty(), "");
    }

    private static List<String> fingerprints(List<CleanupPlan.Version> versions) {
        return versions.stream().map(CleanupPlan.Version::fingerprint).toList();
    }

    @Test
    void deletesTheOldestByTheTimeInTheirAliasesNotByListOrder() {
        List<LocalImage> images = List.of(
                image("b", "app-20260102-000000"),
                image("c", "app-20260103-000000"),
                image("a", "app-20260101-000000"),
                image("x", "other-20250101-000000"));

        CleanupPlan plan = CleanupPlan.of(images, "app-", 2);

        assertEquals(List.of("a"), fingerprints(plan.deleted()));
        assertEquals(List.of("b", "c"), fingerprints(plan.kept()));
    }

    @Test
    void neverDeletesAnImageAnotherAliasStillNames() {
        List<LocalImage> images = List.of(
                image("old", "coi", "coi-20260101-000000"),
                image("mid", "coi-20260102-000000"),
                image("new", "coi-20260103-000000"),
                image("test", "coi-test-busybox"));

        CleanupPlan plan = CleanupPlan.of(images, "coi", 1);

        assertEquals(List.of("mid"), fingerprints(plan.deleted()));
        assertEquals(List.of("old", "new"), fingerprints(plan.kept()));
        assertEquals(List.of("coi"), plan.kept().get(0).heldBy());
        assertEquals(List.of("coi-20260101-000000"), plan.kept().get(0).versions());
    }

    @Test
    void anAliasOutsideThePrefixHoldsItsImage() {
        List<LocalImage> images = List.of(
                image("old", "coi-20260101-000000", "pinned"),
                image("new", "coi-20260103-000000"));

        CleanupPlan plan = CleanupPlan.of(images, "coi-", 1);

        assertEquals(List.of(), fingerprints(plan.deleted()));
        assertEquals(List.of("old", "new"), fingerprints(plan.kept()));
    }

    @Test
    void withoutAnyTimeTheAliasOrderDecides() {
        List<LocalImage> images = List.of(image("2", "img-b"), image("1", "img-a"), image("3", "img-c"));

        CleanupPlan plan = CleanupPlan.of(images, "img-", 1);

        assertEquals(List.of("1", "2"), fingerprints(plan.deleted()));
        assertEquals(List.of("3"), fingerprints(plan.kept()));
    }

    @Test
    void keepingMoreThanThereAreDeletesNothingAndNoMatchIsEmpty() {
        List<LocalImage> images = List.of(image("a", "app-20260101-000000"));

        assertEquals(List.of("a"), fingerprints(CleanupPlan.of(images, "app-", 5).kept()));
        CleanupPlan none = CleanupPlan.of(images, "zzz", 1);
        assertEquals(List.of(), none.deleted());
        assertEquals(List.of(), none.kept());
        assertThrows(IllegalArgumentException.class, () -> CleanupPlan.of(images, "app-", 0));
    }
}
