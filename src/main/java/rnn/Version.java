package rnn;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** What this build is, from the Maven build (src/main/resources/rnn/version.properties, filtered). */
public final class Version {
    private static final Properties BUILD = load();
    public static final String VERSION = get("version");
    /** The git commit built, abbreviated; "unknown" outside a git checkout. */
    public static final String COMMIT = get("commit");
    /** The platform of the bundled natives, as JavaCPP names it (linux-x86_64, macosx-arm64, ...). */
    public static final String PLATFORM = get("platform");
    public static final String ND4J = get("nd4j");
    public static final String OPENBLAS = get("openblas");
    public static final String JAVACPP = get("javacpp");

    private Version() {
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // every field reads "unknown"
        }
        return properties;
    }

    /** A property, or "unknown" when missing or left unfilled (a build without git leaves ${...}). */
    private static String get(String name) {
        String value = BUILD.getProperty(name, "");
        return value.isEmpty() || value.startsWith("${") ? "unknown" : value;
    }
}
