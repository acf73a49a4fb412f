package dev.coi.api;

/**
 * Looks at running sessions every few seconds from coi's per-user background process (the keeper), also while no
 * coi command runs: a security monitor, say. coi remembers, for each session, the values of the watcher's
 * {@linkplain #configSection() configuration section} it started with (flags included) and hands them to every
 * look, so that a session started with monitoring stays monitored whatever the user's files say later.
 *
 * <p>A look must be quick (the keeper looks at every session in turn, every two seconds) and must not throw for
 * what it finds: it reports it through {@link WatchedSession#report}, and coi responds.
 *
 * @since 0.3.2
 */
public non-sealed interface SessionWatcher extends Extension {

    /**
     * Whether to watch a session that starts with these settings: coi only remembers sessions some watcher wants.
     *
     * @param config the values of the watcher's section for the session
     * @return true to be called for it
     */
    boolean wants(ExtensionConfig config);

    /**
     * One look at a running session.
     *
     * @param session the session, what runs in it and what may be done to it
     * @param config the values of the watcher's section the session started with
     */
    void look(WatchedSession session, ExtensionConfig config);
}
