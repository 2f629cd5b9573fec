package dev.tidepool.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** What {@code -V} prints: the command's name and the version of the build that made it. */
public final class CliVersion implements CommandLine.IVersionProvider {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Used by picocli. */
    public CliVersion() {}

    @Override
    public String[] getVersion() {
        return new String[] {spec.root().name() + " " + version()};
    }

    /**
     * The version of the build, as Maven filtered it into this module's resources.
     *
     * @return for example {@code 0.1.0-SNAPSHOT}
     */
    public static String version() {
        try (InputStream in = CliVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
