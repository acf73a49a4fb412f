package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.wiring.Kernel;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.ChildStdio;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.manage.SessionContainerLookup;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which containers kill, shutdown and persist act on, what they ask first, and how they report. */
class ContainerTargetsTest {

    /** A container coi did not make, e.g. by {@code coi container launch coi my-box}. */
    private static final SessionContainer OTHER = SessionContainer.of(new Instance("my-box", "container", "Stopped",
            false, Map.of(), Map.of(), Map.of(), Map.of(), List.of(), null, null, null));

    private static final ContainerTargets.Verb KILL = new ContainerTargets.Verb("kill", "Kill", "Killed");

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final FakeLookup lookup = new FakeLookup(List.of(container("coi-11111111-1"), container("coi-11111111-2")));

    private CommandContext context(String answers) {
        Output output = new Output(new PrintWriter(out), new PrintWriter(err), false, false);
        Kernel kernel = new Kernel(new ConfigEnvironment(Map.of(), home, home, home.resolve("config.toml")), output,
                ChildStdio.copyTo(new PrintWriter(out), new PrintWriter(err)));
        return new CommandContext(kernel, output, new BufferedReader(new StringReader(answers)));
    }

    private static SessionContainer container(String name) {
        return SessionContainer.of(new Instance(name, "container", "Running", false, Map.of("user.coi.session", name),
                Map.of(), Map.of(), Map.of(), List.of(), null, null, null));
    }

    private static List<String> names(ContainerTargets targets) {
        return targets.containers().stream().map(SessionContainer::name).toList();
    }

    @Test
    void namesOrAllButNotBothNorNeither() {
        CoiException neither = assertThrows(CoiException.class,
                () -> ContainerTargets.choose(context(""), lookup, List.of(), false, false, true, KILL));
        assertEquals(2, neither.exitCode());
        CoiException both = assertThrows(CoiException.class,
                () -> ContainerTargets.choose(context(""), lookup, List.of("coi-11111111-1"), true, false, true, KILL));
        assertEquals(2, both.exitCode());
    }

    @Test
    void oneNameIsNotAskedAbout() {
        ContainerTargets targets = ContainerTargets.choose(context(""), lookup, List.of("coi-11111111-2"), false, false,
                true, KILL);

        assertEquals(List.of("coi-11111111-2"), names(targets));
        assertFalse(targets.cancelled());
        assertEquals("", err.toString());
    }

    @Test
    void severalNamesAreAskedAboutUnlessForced() {
        List<String> both = List.of("coi-11111111-1", "coi-11111111-2");

        ContainerTargets refused = ContainerTargets.choose(context(""), lookup, both, false, false, true, KILL);
        assertTrue(refused.cancelled());
        assertTrue(err.toString().contains("Kill 2 container(s)? [y/N]: "), err::toString);

        ContainerTargets accepted = ContainerTargets.choose(context("y\n"), lookup, both, false, false, true, KILL);
        assertEquals(both, names(accepted));

        ContainerTargets forced = ContainerTargets.choose(context(""), lookup, both, false, true, true, KILL);
        assertEquals(both, names(forced));
    }

    @Test
    void allListsThenAsksAndReapsOnlyWhenAskedTo() {
        ContainerTargets targets = ContainerTargets.choose(context("Y\n"), lookup, List.of(), true, false, true, KILL);

        assertEquals(List.of("coi-11111111-1", "coi-11111111-2"), names(targets));
        assertTrue(err.toString().startsWith("Found 2 container(s):\n  - coi-11111111-1\n  - coi-11111111-2\n"
                + "\nKill all these containers? [y/N]: "), err::toString);
        assertEquals(1, lookup.reaped);

        ContainerTargets.choose(context(""), lookup, List.of(), true, true, false, KILL);
        assertEquals(1, lookup.reaped);
    }

    @Test
    void allWithNothingThereSaysSo() {
        FakeLookup empty = new FakeLookup(List.of());

        ContainerTargets targets = ContainerTargets.choose(context(""), empty, List.of(), true, false, true, KILL);

        assertEquals(List.of(), targets.containers());
        assertEquals("No containers to kill\n", err.toString());
    }

    @Test
    void missingNamesAreWarnedAboutAndFailTheCommandAfterTheOthersAreDone() {
        ContainerTargets targets = ContainerTargets.choose(context(""), lookup,
                List.of("coi-11111111-1", "coi-11111111-9", "no-box"), false, true, true, KILL);
        assertEquals(List.of("coi-11111111-1"), names(targets));
        assertTrue(err.toString().contains("Warning: Container coi-11111111-9 does not exist"), err::toString);
        assertTrue(err.toString().contains("Warning: Container no-box does not exist"), err::toString);

        List<String> acted = new ArrayList<>();
        CoiException failed = assertThrows(CoiException.class, () -> targets.actOn(context(""), container -> {
            acted.add(container.name());
            return true;
        }));

        assertEquals(List.of("coi-11111111-1"), acted);
        assertEquals(1, failed.exitCode());
        assertEquals("failed to kill specified containers: coi-11111111-9, no-box", failed.getMessage());
        assertTrue(err.toString().contains("\nKilled 1 container(s)\n"), err::toString);
    }

    @Test
    void aNamedContainerCoiDidNotMakeIsActedOnButAllMeansOnlySessionContainers() {
        ContainerTargets named = ContainerTargets.choose(context(""), lookup, List.of("my-box"), false, false, true,
                KILL);
        assertEquals(List.of("my-box"), names(named));

        ContainerTargets all = ContainerTargets.choose(context(""), lookup, List.of(), true, true, true, KILL);
        assertEquals(List.of("coi-11111111-1", "coi-11111111-2"), names(all));
    }

    @Test
    void aCancelledChoiceDoesNothingAndSucceeds() {
        ContainerTargets targets = ContainerTargets.choose(context("n\n"), lookup, List.of(), true, false, true, KILL);

        assertEquals(0, targets.actOn(context(""), container -> {
            throw new AssertionError("nothing may be acted on");
        }));
        assertTrue(err.toString().endsWith("Cancelled.\n"), err::toString);
    }

    @Test
    void aFailedActionFailsTheCommand() {
        ContainerTargets targets = ContainerTargets.choose(context(""), lookup, List.of("coi-11111111-1"), false, false,
                true, KILL);

        CoiException failed = assertThrows(CoiException.class, () -> targets.actOn(context(""), container -> false));

        assertEquals("failed to kill specified containers: coi-11111111-1", failed.getMessage());
        assertTrue(err.toString().contains("No containers were killed"), err::toString);
    }

    private static final class FakeLookup implements SessionContainerLookup {

        private final List<SessionContainer> containers;
        int reaped;

        FakeLookup(List<SessionContainer> containers) {
            this.containers = containers;
        }

        @Override
        public List<SessionContainer> list() {
            return containers;
        }

        @Override
        public List<SessionContainer> listAfterReaping() {
            reaped++;
            return containers;
        }

        @Override
        public Optional<SessionContainer> find(String name) {
            return containers.stream().filter(container -> container.name().equals(name)).findFirst();
        }

        @Override
        public Optional<SessionContainer> findAny(String name) {
            return name.equals(OTHER.name()) ? Optional.of(OTHER) : find(name);
        }

        @Override
        public ContainerNames names() {
            return new ContainerNames("coi-");
        }
    }
}
