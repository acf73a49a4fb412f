package dev.coi.kernel.incus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a new container is made of, sent to Incus in one create request.
 *
 * @param name the instance name
 * @param imageAlias the local image alias to create it from, or null when {@code imageFingerprint} is given
 * @param imageFingerprint the local image fingerprint, or null when {@code imageAlias} is given
 * @param imageServer the simplestreams server Incus pulls {@code imageAlias} from, e.g.
 *                    {@code https://images.linuxcontainers.org}; null for the local image store
 * @param ephemeral whether Incus deletes it when it stops
 * @param config configuration keys, e.g. {@code security.nesting} or {@code user.coi.*} labels
 * @param devices devices by name, each a map of device keys, e.g. a {@code disk} with {@code source}/{@code path}
 * @param profiles the profiles to apply, or null for the server's default ({@code default}); an empty list
 *                 applies none, so the devices must then include a root disk and any network
 * @param start whether Incus starts it as part of the same request
 */
public record InstanceSpec(
        String name,
        String imageAlias,
        String imageFingerprint,
        String imageServer,
        boolean ephemeral,
        Map<String, String> config,
        Map<String, Map<String, String>> devices,
        List<String> profiles,
        boolean start) {

    /**
     * Checks that exactly one image source is given and copies the collections.
     *
     * @param name the name
     * @param imageAlias the alias
     * @param imageFingerprint the fingerprint
     * @param imageServer the remote server, or null
     * @param ephemeral whether ephemeral
     * @param config the configuration
     * @param devices the devices
     * @param profiles the profiles, or null
     * @param start whether to start it
     */
    public InstanceSpec {
        Objects.requireNonNull(name, "name");
        if ((imageAlias == null) == (imageFingerprint == null)) {
            throw new IllegalArgumentException("give either an image alias or an image fingerprint");
        }
        if (imageServer != null && imageAlias == null) {
            throw new IllegalArgumentException("a remote image is named by its alias");
        }
        config = Map.copyOf(config);
        devices = Map.copyOf(devices);
        profiles = profiles == null ? null : List.copyOf(profiles);
    }

    /**
     * A stopped, persistent container from an image alias, with the default profile and nothing else.
     *
     * @param name the instance name
     * @param imageAlias the local image alias
     * @return the spec
     */
    public static InstanceSpec fromAlias(String name, String imageAlias) {
        return new InstanceSpec(name, imageAlias, null, null, false, Map.of(), Map.of(), null, false);
    }

    /**
     * A stopped, persistent container from an image fingerprint, with the default profile and nothing else.
     *
     * @param name the instance name
     * @param imageFingerprint the local image fingerprint
     * @return the spec
     */
    public static InstanceSpec fromFingerprint(String name, String imageFingerprint) {
        return new InstanceSpec(name, null, imageFingerprint, null, false, Map.of(), Map.of(), null, false);
    }

    /**
     * A stopped, persistent container from an image of a simplestreams server, which Incus downloads (and
     * keeps in its image cache) as part of the create request.
     *
     * @param name the instance name
     * @param server the server, e.g. {@code https://images.linuxcontainers.org}
     * @param imageAlias the image's alias on that server, e.g. {@code debian/12}
     * @return the spec
     */
    public static InstanceSpec fromRemote(String name, String server, String imageAlias) {
        return new InstanceSpec(name, imageAlias, null, Objects.requireNonNull(server, "server"), false, Map.of(),
                Map.of(), null, false);
    }

    /**
     * The same spec with the ephemeral flag set as given.
     *
     * @param value whether Incus deletes it when it stops
     * @return the new spec
     */
    public InstanceSpec withEphemeral(boolean value) {
        return new InstanceSpec(name, imageAlias, imageFingerprint, imageServer,
                value, config, devices, profiles, start);
    }

    /**
     * The same spec with these configuration keys.
     *
     * @param value the configuration
     * @return the new spec
     */
    public InstanceSpec withConfig(Map<String, String> value) {
        return new InstanceSpec(name, imageAlias, imageFingerprint, imageServer,
                ephemeral, value, devices, profiles, start);
    }

    /**
     * The same spec with these devices.
     *
     * @param value the devices by name
     * @return the new spec
     */
    public InstanceSpec withDevices(Map<String, Map<String, String>> value) {
        return new InstanceSpec(name, imageAlias, imageFingerprint, imageServer,
                ephemeral, config, value, profiles, start);
    }

    /**
     * The same spec with these profiles instead of the server's default.
     *
     * @param value the profiles; empty for none
     * @return the new spec
     */
    public InstanceSpec withProfiles(List<String> value) {
        return new InstanceSpec(name, imageAlias, imageFingerprint, imageServer,
                ephemeral, config, devices, value, start);
    }

    /**
     * The same spec, started (or not) by the create request itself.
     *
     * @param value whether to start it
     * @return the new spec
     */
    public InstanceSpec withStart(boolean value) {
        return new InstanceSpec(name, imageAlias, imageFingerprint, imageServer,
                ephemeral, config, devices, profiles, value);
    }

    /** The body of {@code POST /1.0/instances}. */
    Map<String, Object> requestBody() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("type", "image");
        if (imageServer != null) {
            source.put("mode", "pull");
            source.put("server", imageServer);
            source.put("protocol", "simplestreams");
        }
        if (imageAlias != null) {
            source.put("alias", imageAlias);
        } else {
            source.put("fingerprint", imageFingerprint);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", "container");
        body.put("source", source);
        body.put("ephemeral", ephemeral);
        body.put("config", config);
        body.put("devices", devices);
        if (profiles != null) {
            body.put("profiles", profiles);
        }
        body.put("start", start);
        return body;
    }
}
