package dev.coi.kernel.config;

import dev.coi.api.NetworkMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds what a workspace's {@code .coi.toml} loosens: it compares the configuration with and without that file, for
 * the invocation as it is and for every profile the file defines, so that one consent covers the whole file.
 * Narrowing (say {@code open} to {@code restricted}) and keys that do not touch the sandbox are not reported.
 */
final class WorkspaceWidenings {

    private WorkspaceWidenings() {
    }

    /** @return what the file loosens, or empty when it loosens nothing */
    static Optional<WorkspaceWidening> of(ConfigSources sources, ConfigSources.File project, Optional<String> profile) {
        Set<Optional<String>> scenarios = new LinkedHashSet<>();
        scenarios.add(Optional.empty());
        scenarios.add(profile);
        project.contents().profiles().keySet().forEach(name -> scenarios.add(Optional.of(name)));
        Set<String> seen = new LinkedHashSet<>();
        List<Widening> found = new ArrayList<>();
        for (Optional<String> scenario : scenarios) {
            CoiConfig without = new CoiConfig(sources.effective(scenario, Optional.of(project.path())), scenario,
                    sources.schema());
            CoiConfig with = new CoiConfig(sources.effective(scenario, Optional.empty()), scenario, sources.schema());
            for (Widening widening : between(without, with, scenario)) {
                if (seen.add(widening.key() + " " + widening.change())) {
                    found.add(widening);
                }
            }
        }
        return found.isEmpty() ? Optional.empty()
                : Optional.of(new WorkspaceWidening(project.path(), project.contents().sha256(), found));
    }

    /** What {@code with} allows that {@code without} does not. */
    static List<Widening> between(CoiConfig without, CoiConfig with, Optional<String> profile) {
        List<Widening> found = new ArrayList<>();
        NetworkSettings before = without.network();
        NetworkSettings after = with.network();
        if (strictness(after.mode()) < strictness(before.mode())) {
            found.add(new Widening(ConfigSchema.NETWORK_MODE.name(), "= " + quoted(after.mode().configName())
                    + " (instead of " + quoted(before.mode().configName()) + ")", profile));
        }
        List<String> domains = after.allowedDomains().stream()
                .filter(domain -> !before.allowedDomains().contains(domain))
                .toList();
        if (!domains.isEmpty()) {
            found.add(new Widening(ConfigSchema.ALLOWED_DOMAINS.name(), "adds "
                    + domains.stream().map(WorkspaceWidenings::quoted).collect(Collectors.joining(", ")), profile));
        }
        if (after.allowLocalNetworkAccess() && !before.allowLocalNetworkAccess()) {
            found.add(new Widening(ConfigSchema.ALLOW_LOCAL_NETWORK_ACCESS.name(), "= true", profile));
        }
        if (!after.blockPrivateNetworks() && before.blockPrivateNetworks()) {
            found.add(new Widening(ConfigSchema.BLOCK_PRIVATE_NETWORKS.name(), "= false", profile));
        }
        if (!after.blockMetadataEndpoint() && before.blockMetadataEndpoint()) {
            found.add(new Widening(ConfigSchema.BLOCK_METADATA_ENDPOINT.name(), "= false", profile));
        }
        for (Mount mount : with.mounts()) {
            if (!without.mounts().contains(mount)) {
                found.add(new Widening(ConfigSchema.MOUNTS.name(), "adds host folder " + mount.host() + " at "
                        + mount.containerPath(), profile));
            }
        }
        // a variable of the host (an API key, a token) would be readable by everything in the container
        with.toolEnvironments().forEach((tool, names) -> {
            List<String> added = names.stream().filter(name -> !without.toolEnvironment(tool).contains(name)).toList();
            if (!added.isEmpty()) {
                found.add(new Widening(ConfigSchema.toolEnvironment(tool).name(), "passes the host variables "
                        + String.join(", ", added) + " into the container", profile));
            }
        });
        // hooks and config of .git run on the host with the user's rights the next time git runs there
        if (!with.protectGit() && without.protectGit()) {
            found.add(new Widening(ConfigSchema.PROTECT_GIT.name(), "= false", profile));
        }
        trustChanges(without, with, profile, found);
        return found;
    }

    /**
     * Settings whose every change matters, not only a loosening: the build decides which image every later session
     * runs and which host files go into it; the tool decides which host files and variables go in; the socket decides
     * which daemon coi trusts with the user's rights.
     */
    private static void trustChanges(CoiConfig without, CoiConfig with, Optional<String> profile,
            List<Widening> found) {
        BuildSettings before = without.build();
        BuildSettings after = with.build();
        changed(ConfigSchema.BUILD_BASE.name(), before.base(), after.base(), profile, found);
        changed(ConfigSchema.BUILD_IMAGES_SERVER.name(), before.imagesServer(), after.imagesServer(), profile, found);
        List<Path> certificates = after.caCertificates().stream()
                .filter(file -> !before.caCertificates().contains(file))
                .toList();
        if (!certificates.isEmpty()) {
            found.add(new Widening(ConfigSchema.BUILD_CA_CERTIFICATES.name(), "installs the host files "
                    + certificates.stream().map(Object::toString).collect(Collectors.joining(", "))
                    + " into the image", profile));
        }
        changed(ConfigSchema.TOOL_NAME.name(), without.tool().name(), with.tool().name(), profile, found);
        changed(ConfigSchema.INCUS_SOCKET.name(), without.incus().socket().map(Object::toString).orElse("(default)"),
                with.incus().socket().map(Object::toString).orElse("(default)"), profile, found);
        changed(ConfigSchema.INCUS_REMOTE.name(), without.incus().remote().orElse("(local)"),
                with.incus().remote().orElse("(local)"), profile, found);
        changed(ConfigSchema.INCUS_PROJECT.name(), without.incus().project(), with.incus().project(), profile, found);
        extensionChanges(without, with, profile, found);
    }

    /** The kernel cannot tell which of an extension's settings loosen the sandbox, so every change counts. */
    private static void extensionChanges(CoiConfig without, CoiConfig with, Optional<String> profile,
            List<Widening> found) {
        for (ConfigEntry entry : with.entries()) {
            Object before = without.entry(entry.key()).map(ConfigEntry::value).orElse(null);
            if (with.isExtensionKey(entry.key()) && !Objects.equals(before, entry.value())) {
                found.add(new Widening(entry.key(), "= " + ConfigRenderer.tomlValue(entry.value()) + " (instead of "
                        + ConfigRenderer.tomlValue(before) + ")", profile));
            }
        }
    }

    private static void changed(String key, String before, String after, Optional<String> profile,
            List<Widening> found) {
        if (!before.equals(after)) {
            found.add(new Widening(key, "= " + quoted(after) + " (instead of " + quoted(before) + ")", profile));
        }
    }

    /** Higher is stricter: open lets everything through, restricted rejects private ranges, allowlist all but a list. */
    private static int strictness(NetworkMode mode) {
        return switch (mode) {
            case OPEN -> 0;
            case RESTRICTED -> 1;
            case ALLOWLIST -> 2;
        };
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
