package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.manage.SessionContainerLookup;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The containers {@code coi persist}, {@code shutdown} and {@code kill} act on, named or {@code --all}, and the
 * {@code [y/N]} question before: for {@code --all} always, for names when there are several. {@code --all} means
 * every session container; a name given may be any container, as in the reference tool.
 *
 * @param verb what the command does
 * @param containers what to act on; empty when there is nothing to do or the user said no
 * @param unknown the names given that name no existing container
 * @param cancelled whether the user said no
 */
record ContainerTargets(Verb verb, List<SessionContainer> containers, List<String> unknown, boolean cancelled) {

    /**
     * How one command speaks about what it does, in the reference tool's words.
     *
     * @param command e.g. {@code kill}
     * @param capitalized e.g. {@code Kill}
     * @param pastTense e.g. {@code Killed}
     */
    record Verb(String command, String capitalized, String pastTense) {
    }

    /**
     * @param reap whether stopped ephemeral containers left behind are saved and removed first (not for
     *             {@code persist}, which might want to keep them)
     */
    static ContainerTargets choose(CommandContext context, SessionContainerLookup sessions, List<String> names,
            boolean all, boolean force, boolean reap, Verb verb) {
        if (all && !names.isEmpty()) {
            throw CoiException.usage("give container names or --all, not both");
        }
        if (!all && names.isEmpty()) {
            throw CoiException.usage("no container names provided - use 'coi list' to see active containers, or --all");
        }
        Output output = context.output();
        if (all) {
            List<SessionContainer> found = reap ? sessions.listAfterReaping() : sessions.list();
            if (found.isEmpty()) {
                output.info("No containers to " + verb.command());
                return new ContainerTargets(verb, List.of(), List.of(), false);
            }
            output.info("Found " + found.size() + " container(s):");
            found.forEach(container -> output.info("  - " + container.name()));
            if (!context.confirmed(force, "\n" + verb.capitalized() + " all these containers?")) {
                return cancelled(verb);
            }
            return new ContainerTargets(verb, found, List.of(), false);
        }
        List<SessionContainer> found = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            Optional<SessionContainer> container = sessions.findAny(name);
            if (container.isPresent()) {
                found.add(container.get());
            } else {
                unknown.add(name);
                output.warn("Container " + name + " does not exist");
            }
        }
        if (found.size() > 1 && !context.confirmed(force, verb.capitalized() + " " + found.size() + " container(s)?")) {
            return cancelled(verb);
        }
        return new ContainerTargets(verb, found, unknown, false);
    }

    private static ContainerTargets cancelled(Verb verb) {
        return new ContainerTargets(verb, List.of(), List.of(), true);
    }

    /**
     * Acts on every container, then prints the summary. Fails unless every name given was acted on: a script
     * learns that one of several containers is left.
     */
    int actOn(CommandContext context, Predicate<SessionContainer> action) {
        if (cancelled) {
            context.output().info("Cancelled.");
            return ExitCodes.OK;
        }
        List<String> failed = new ArrayList<>(unknown);
        int done = 0;
        for (SessionContainer container : containers) {
            if (action.test(container)) {
                done++;
            } else {
                failed.add(container.name());
            }
        }
        if (done > 0) {
            context.output().info("\n" + verb.pastTense() + " " + done + " container(s)");
        } else if (!failed.isEmpty()) {
            context.output().info("\nNo containers were " + verb.pastTense().toLowerCase(Locale.ROOT));
        }
        if (!failed.isEmpty()) {
            throw CoiException.failure("failed to " + verb.command() + " specified containers: "
                    + String.join(", ", failed));
        }
        return ExitCodes.OK;
    }
}
