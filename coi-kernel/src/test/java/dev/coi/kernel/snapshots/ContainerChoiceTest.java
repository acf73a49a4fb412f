package dev.coi.kernel.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.sessions.ContainerNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** --container, then $COI_CONTAINER, then the one coi container of the workspace. */
class ContainerChoiceTest {

    private static final Path WORKSPACE = Path.of("/home/user/project");
    private static final ContainerNames NAMES = new ContainerNames("coi-");
    private static final String SLOT_1 = NAMES.name(WORKSPACE, 1);
    private static final String SLOT_2 = NAMES.name(WORKSPACE, 2);
    private static final String ELSEWHERE = NAMES.name(Path.of("/home/user/other"), 1);

    private final List<String> instances = new ArrayList<>(List.of("my-own", ELSEWHERE));

    private String choose(Optional<String> flag, Optional<String> variable) {
        return new ContainerChoice(instances::contains, () -> List.copyOf(instances), NAMES)
                .choose(flag, variable, WORKSPACE);
    }

    @Test
    void theFlagComesFirstAndMayNameAnyContainer() {
        instances.add(SLOT_1);
        assertEquals("my-own", choose(Optional.of("my-own"), Optional.of(ELSEWHERE)));
    }

    @Test
    void aFlagNamingNoContainerFailsEvenWhenTheWorkspaceHasOne() {
        instances.add(SLOT_1);
        CoiException error = assertThrows(CoiException.class, () -> choose(Optional.of("gone"), Optional.empty()));
        assertEquals(ExitCodes.FAILURE, error.exitCode());
        assertEquals("container 'gone' not found - 'coi list' shows the session containers, 'incus list' all"
                + " containers", error.getMessage());
    }

    @Test
    void theVariableComesBeforeTheWorkspaceAndMustExist() {
        instances.add(SLOT_1);
        assertEquals(ELSEWHERE, choose(Optional.empty(), Optional.of(ELSEWHERE)));
        CoiException error = assertThrows(CoiException.class, () -> choose(Optional.empty(), Optional.of("gone")));
        assertEquals("container 'gone' not found (named by COI_CONTAINER) - 'coi list' shows the session containers,"
                + " 'incus list' all containers", error.getMessage());
    }

    @Test
    void anEmptyVariableCountsAsUnset() {
        instances.add(SLOT_1);
        assertEquals(SLOT_1, choose(Optional.empty(), Optional.of(" ")));
    }

    @Test
    void theOneContainerOfTheWorkspace() {
        instances.add(SLOT_2);
        assertEquals(SLOT_2, choose(Optional.empty(), Optional.empty()));
    }

    @Test
    void noContainerOfTheWorkspace() {
        CoiException error = assertThrows(CoiException.class, () -> choose(Optional.empty(), Optional.empty()));
        assertEquals(ExitCodes.FAILURE, error.exitCode());
        assertEquals("no COI containers found for current workspace - use --container to specify", error.getMessage());
    }

    @Test
    void severalContainersOfTheWorkspaceAreNamedInOrder() {
        instances.add(SLOT_2);
        instances.add(SLOT_1);
        CoiException error = assertThrows(CoiException.class, () -> choose(Optional.empty(), Optional.empty()));
        assertEquals("multiple COI containers found for workspace, use --container to specify: " + SLOT_1 + ", "
                + SLOT_2, error.getMessage());
    }
}
