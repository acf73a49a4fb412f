package org.example.coi.hello;

import dev.coi.api.CoiPlugin;
import dev.coi.api.Extension;
import java.util.List;

/** The plugin's entry point, named in META-INF/services/dev.coi.api.CoiPlugin. */
public final class HelloPlugin implements CoiPlugin {

    @Override
    public String id() {
        // the same as Plugin-Id in the jar's manifest
        return "hello";
    }

    @Override
    public String description() {
        return "An example third-party plugin: the AI tool \"hello\" (a greeting, then a shell) and a health check";
    }

    @Override
    public List<Extension> extensions() {
        return List.of(new HelloTool(), new HelloChecks());
    }
}
