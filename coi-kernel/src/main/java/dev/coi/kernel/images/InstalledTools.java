package dev.coi.kernel.images;

import dev.coi.api.ImageBuildRequest;
import dev.coi.kernel.incus.ImageInfo;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tools an image has, as its {@code /etc/coi-image} lists them ({@code tools="claude codex"}) and its
 * {@link dev.coi.api.ImageBuildRequest#INSTALLED_TOOLS_PROPERTY} property carries them.
 */
public final class InstalledTools {

    private static final Pattern LINE = Pattern.compile("(?m)^tools=\"([a-z0-9._ -]*)\"$");

    private InstalledTools() {
    }

    /**
     * @param imageInfo the text of {@code /etc/coi-image}
     * @return the property's value; empty when the file has no such line (an image of an older coi)
     */
    public static Optional<String> fromImageInfo(String imageInfo) {
        Matcher line = LINE.matcher(imageInfo);
        return line.find() ? Optional.of(line.group(1).strip()) : Optional.empty();
    }

    /**
     * @param image an image
     * @return the tools its build recorded; empty when it recorded none (an image of an older coi, or not of coi build)
     */
    public static Optional<Set<String>> of(ImageInfo image) {
        return Optional.ofNullable(image.properties().get(ImageBuildRequest.INSTALLED_TOOLS_PROPERTY))
                .map(InstalledTools::names);
    }

    /**
     * @param property the property's value
     * @return the tool names
     */
    public static Set<String> names(String property) {
        return new TreeSet<>(Arrays.stream(property.split(" ")).filter(name -> !name.isEmpty()).toList());
    }
}
