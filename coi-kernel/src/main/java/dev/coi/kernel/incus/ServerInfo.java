package dev.coi.kernel.incus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /1.0} tells about the Incus server.
 *
 * @param apiVersion the REST API version, {@code "1.0"}
 * @param apiExtensions the API extensions the server has, e.g. {@code "instance_create_start"}
 * @param auth {@code "trusted"} when this client may do everything, as on the unix socket
 * @param environment the server's host and versions
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServerInfo(
        @JsonProperty("api_version") String apiVersion,
        @JsonProperty("api_extensions") List<String> apiExtensions,
        String auth,
        Environment environment) {

    /**
     * Replaces missing lists and objects with empty ones.
     *
     * @param apiVersion the API version
     * @param apiExtensions the extensions
     * @param auth the authentication state
     * @param environment the environment
     */
    public ServerInfo {
        apiExtensions = apiExtensions == null ? List.of() : List.copyOf(apiExtensions);
        environment = environment == null ? new Environment(null, null, null, false, null, null, null, null, null, null, null, null)
                : environment;
    }

    /**
     * Whether the server has an API extension.
     *
     * @param name the extension
     * @return true when listed
     */
    public boolean hasExtension(String name) {
        return apiExtensions.contains(name);
    }

    /**
     * The server's environment.
     *
     * @param server the server software, {@code "incus"}
     * @param serverVersion e.g. {@code "6.0.4"}
     * @param serverName the host name; in a cluster, the name of the member that answered
     * @param serverClustered whether the server is a member of a cluster
     * @param driver the instance drivers, e.g. {@code "lxc"} or {@code "lxc | qemu"}
     * @param kernelVersion the host kernel
     * @param kernelArchitecture e.g. {@code "x86_64"}
     * @param kernelFeatures kernel features as {@code "true"}/{@code "false"}, e.g. {@code idmapped_mounts}
     * @param storage the storage drivers in use, e.g. {@code "btrfs"}
     * @param storageVersion their versions
     * @param firewall the firewall driver, e.g. {@code "nftables"}
     * @param certificateFingerprint the SHA-256 fingerprint of the server's certificate, which tells one server from
     *                               another whatever way it is reached
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Environment(
            String server,
            @JsonProperty("server_version") String serverVersion,
            @JsonProperty("server_name") String serverName,
            @JsonProperty("server_clustered") boolean serverClustered,
            String driver,
            @JsonProperty("kernel_version") String kernelVersion,
            @JsonProperty("kernel_architecture") String kernelArchitecture,
            @JsonProperty("kernel_features") Map<String, String> kernelFeatures,
            String storage,
            @JsonProperty("storage_version") String storageVersion,
            String firewall,
            @JsonProperty("certificate_fingerprint") String certificateFingerprint) {

        /**
         * Replaces a missing feature map with an empty one.
         *
         * @param server the server software
         * @param serverVersion its version
         * @param serverName the host name, or the member's name
         * @param serverClustered whether the server is a member of a cluster
         * @param driver the instance drivers
         * @param kernelVersion the kernel version
         * @param kernelArchitecture the architecture
         * @param kernelFeatures the kernel features
         * @param storage the storage drivers
         * @param storageVersion their versions
         * @param firewall the firewall driver
         * @param certificateFingerprint the fingerprint of the server's certificate
         */
        public Environment {
            kernelFeatures = kernelFeatures == null ? Map.of() : Map.copyOf(kernelFeatures);
        }

        /**
         * Whether the kernel can do idmapped mounts, which let a shifted disk device show host files with
         * the right owner inside a container.
         *
         * @return true when Incus reports {@code idmapped_mounts: "true"}
         */
        public boolean idmappedMounts() {
            return "true".equals(kernelFeatures.get("idmapped_mounts"));
        }
    }
}
