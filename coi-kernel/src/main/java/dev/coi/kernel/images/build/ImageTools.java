package dev.coi.kernel.images.build;

import dev.coi.api.AiTool;
import dev.coi.api.ImageBuildRequest;
import java.util.List;

/** The AI tools' install steps for the {@code coi} image. */
public final class ImageTools {

    private ImageTools() {
    }

    /**
     * The install steps of the tools that have one, in their order.
     *
     * @param tools the AI tools
     * @param configuredTool the name of the tool sessions run ({@code [tool] name}), whose step is required: an
     *                       image without it is of no use
     * @return the steps
     */
    public static List<ImageBuildRequest.Tool> of(List<AiTool> tools, String configuredTool) {
        return tools.stream()
                .flatMap(tool -> tool.imageInstallScript()
                        .map(script -> new ImageBuildRequest.Tool(tool.name(), script,
                                tool.name().equals(configuredTool)))
                        .stream())
                .toList();
    }
}
