package rnn;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layers of rnn/package-info.java, from the sources: each package uses only the packages below it
 * (by import or by a qualified name in the code), and only the engine touches ND4J.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java/rnn");

    /** Package (relative to rnn; "" is rnn itself) -> the rnn packages it may use besides itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("", Set.of()),
            Map.entry("config", Set.of("")),
            Map.entry("text", Set.of("")),
            Map.entry("checkpoint", Set.of("", "config")),
            Map.entry("model", Set.of("", "config", "text", "checkpoint")),
            Map.entry("train", Set.of("", "config", "text", "checkpoint", "model")),
            Map.entry("sample", Set.of("", "config", "text", "model")),
            Map.entry("eval", Set.of("", "config", "text", "model")),
            Map.entry("plot", Set.of("")),
            Map.entry("explain", Set.of("", "config", "text", "model")),
            Map.entry("serve", Set.of("", "config", "text", "model", "sample", "eval")));
    private static final Pattern USE = Pattern.compile("\\brnn\\.(?:([a-z]+)\\.)?[A-Z]\\w*");

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java")).toList()) {
                String pkg = SOURCES.relativize(file.getParent()).toString();
                if (pkg.equals("cli")) {
                    continue; // the top: it wires everything
                }
                assertTrue(ALLOWED.containsKey(pkg), "a new package needs its place in the layers: " + pkg);
                Matcher use = USE.matcher(code(file));
                while (use.find()) {
                    String used = use.group(1) == null ? "" : use.group(1);
                    if (!used.equals(pkg) && !ALLOWED.get(pkg).contains(used)) {
                        violations.add(SOURCES.relativize(file) + " uses " + use.group());
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    /** The source without its comments (which may name any class). */
    private static String code(Path file) throws IOException {
        return Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }

    @Test
    void onlyTheTrainingEngineTouchesNd4j() throws IOException {
        List<String> users = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (code(file).matches("(?s).*\\b(org\\.nd4j|org\\.bytedeco)\\..*")) {
                    users.add(SOURCES.relativize(file).toString());
                }
            }
        }
        users.sort(null);
        assertEquals(List.of("model/Blas.java", "model/BlasThreads.java", "model/NativeArray.java", "train/MemoryEstimate.java"),
                users, "sampling, eval and info must start without ND4J; keep it to the engine");
    }
}
