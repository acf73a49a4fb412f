package dev.coi.kernel.network.dns;

import java.net.InetAddress;

/**
 * Which answered addresses may be opened at all, whatever name they came for: the caller refuses private networks
 * and metadata addresses, so that an allowed name answering 10.0.0.5 or 169.254.169.254 (DNS rebinding) opens
 * nothing.
 */
@FunctionalInterface
public interface AddressGuard {

    boolean admits(InetAddress address);
}
