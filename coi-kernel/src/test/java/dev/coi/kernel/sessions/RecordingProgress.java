package dev.coi.kernel.sessions;

import dev.coi.api.Progress;
import java.util.ArrayList;
import java.util.List;

/** Keeps what was reported, so tests can check warnings. */
public final class RecordingProgress implements Progress {

    public final List<String> steps = new ArrayList<>();
    public final List<String> infos = new ArrayList<>();
    public final List<String> warnings = new ArrayList<>();

    @Override
    public void step(String message) {
        steps.add(message);
    }

    @Override
    public void info(String message) {
        infos.add(message);
    }

    @Override
    public void warn(String message) {
        warnings.add(message);
    }
}
