package dev.coi.plugin.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Of Claude Code's settings files only what it needs to start comes in; tokens, keys and other projects do not. */
class ClaudeCarriedKeysTest {

    @Test
    void theGlobalStateCarriesTheLoginAndOnboardingButNoServersOrProjects() {
        Set<String> keys = ClaudeTool.STATE.keys();
        assertTrue(keys.containsAll(Set.of("hasCompletedOnboarding", "theme", "userID", "oauthAccount")), keys::toString);
        assertEquals(Set.of(), overlap(keys, List.of("mcpServers", "projects", "env", "customApiKeyResponses",
                "githubRepoPaths", "cachedChangelog")));
    }

    @Test
    void theSettingsCarryPreferencesButNoVariablesCommandsOrHostRules() {
        Set<String> keys = ClaudeTool.SETTINGS.keys();
        assertTrue(keys.contains("model"), keys::toString);
        assertEquals(Set.of(), overlap(keys, List.of("env", "apiKeyHelper", "awsAuthRefresh", "awsCredentialExport",
                "otelHeadersHelper", "hooks", "statusLine", "mcpServers", "enableAllProjectMcpServers",
                "enabledMcpjsonServers", "enabledPlugins", "extraKnownMarketplaces", "permissions")));
    }

    private static Set<String> overlap(Set<String> keys, List<String> forbidden) {
        Set<String> overlap = new HashSet<>(keys);
        overlap.retainAll(forbidden);
        return overlap;
    }
}
