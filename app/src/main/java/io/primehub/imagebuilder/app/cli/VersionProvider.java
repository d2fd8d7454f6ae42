package io.primehub.imagebuilder.app.cli;

import io.primehub.imagebuilder.app.config.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** The project's version and the commit it was built from ({@link BuildInfo}). */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"image-builder " + BuildInfo.current().describe()};
    }
}
