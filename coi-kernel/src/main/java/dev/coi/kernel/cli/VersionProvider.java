package dev.coi.kernel.cli;

import dev.coi.kernel.base.BuildInfo;
import picocli.CommandLine;

/** {@code coi --version}: {@code coi version <version> (commit <commit>)}, as the reference tool starts it. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {BuildInfo.current().versionLine()};
    }
}
