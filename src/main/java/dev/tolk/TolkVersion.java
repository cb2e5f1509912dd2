package dev.tolk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Tolk's own version, as the build stamped it. */
public final class TolkVersion {

    private static final String VERSION = read();

    private TolkVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = TolkVersion.class.getResourceAsStream("tolk-version.properties")) {
            if (in == null) {
                throw new IllegalStateException(
                        "tolk-version.properties is missing from the class path: rebuild with"
                                + " mvn package");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
