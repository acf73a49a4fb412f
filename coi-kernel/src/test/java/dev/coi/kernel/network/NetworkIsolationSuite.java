package dev.coi.kernel.network;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The network isolation tests ({@code *IT} of this package) as one unit of the integration test run: they share the
 * forbidden hosts' addresses and policy routes, so they run one after the other, and as one unit they do so in one
 * of the parallel test JVMs while the others go on with the rest, instead of several JVMs waiting on their
 * {@link dev.coi.kernel.testing.HostLock}.
 */
@Suite
@SelectPackages("dev.coi.kernel.network")
@IncludeClassNamePatterns(".*IT")
class NetworkIsolationSuite {
}
