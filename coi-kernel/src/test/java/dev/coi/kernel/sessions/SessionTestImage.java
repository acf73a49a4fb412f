package dev.coi.kernel.sessions;

import dev.coi.kernel.images.build.OfflineTestImage;
import dev.coi.kernel.incus.IncusClient;

/**
 * The coi image whose AI tools are stubs: the default image of {@link OfflineTestImage} with Claude Code replaced by
 * stub-claude, a small bash program that behaves like it where coi can tell, and with stub-aider and stub-tool
 * besides ({@code stub-install.sh}, {@code stub-tools-install.sh}).
 *
 * <p>stub-claude prints {@code stub-claude ready session=<id> turns=<n>} when it starts (after
 * {@code stub-claude resumed session=<id> earlier-turns=<n>} on resume and {@code stub-claude
 * credentials=<access token>}), answers each line with {@code stub-claude: you said <line> (turn <n>)} and records
 * it in {@code ~/.claude/projects/-workspace/<id>.jsonl}; {@code /refresh} writes fresher credentials,
 * {@code !CMD} runs CMD, {@code /exit} quits.
 */
public final class SessionTestImage {

    private SessionTestImage() {
    }

    /**
     * The stub image's alias, built on the first call of any JVM for the current recipe.
     *
     * @param client the client of the Incus daemon
     * @return the alias
     */
    public static String alias(IncusClient client) {
        return OfflineTestImage.get(client).stubAlias();
    }
}
