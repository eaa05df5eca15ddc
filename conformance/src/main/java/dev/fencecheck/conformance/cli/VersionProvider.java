package dev.fencecheck.conformance.cli;

import picocli.CommandLine;

/** The version from the jar manifest (Implementation-Version), or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = FenceCheck.class.getPackage().getImplementationVersion();
        return new String[] {"fencecheck " + (v == null ? "development build" : v)};
    }
}
