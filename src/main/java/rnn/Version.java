package rnn;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This program's version, from the Maven build (src/main/resources/rnn/version.properties). */
public final class Version {
    public static final String VERSION = load();

    private Version() {
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
