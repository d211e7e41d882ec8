package rnn;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README and docs/ point at each other and the code points into them: every relative link names a file
 * that exists (and a heading of it, if it names one), and every "docs/x.md, "Section"" or "README, "Section""
 * in the sources names a section that is there.
 */
class DocsTest {
    private static final Pattern LINK = Pattern.compile("\\]\\((?!https?:)([^)#\\s]*)(?:#([^)\\s]+))?\\)");
    private static final Pattern POINTER = Pattern.compile("(README|docs/[a-z-]+\\.md)(?:, \"([^\"]+)\")?");

    @Test
    void everyLinkOfTheReadmeAndTheDocsLeadsSomewhere() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        for (Path page : pages) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                Path target = link.group(1).isEmpty() ? page : page.resolveSibling(link.group(1)).normalize();
                if (!Files.exists(target)) {
                    broken.add(page + ": " + link.group());
                } else if (link.group(2) != null && !anchors(target).contains(link.group(2))) {
                    broken.add(page + ": no heading #" + link.group(2) + " in " + target);
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void everySectionTheSourcesPointToIsThere() throws IOException {
        List<String> broken = new ArrayList<>();
        for (String root : new String[] {"src", "bench", "rnn", ".ci"}) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/resources/") && !f.endsWith("DocsTest.java")).toList()) {
                    String text;
                    try {
                        text = Files.readString(file);
                    } catch (java.nio.charset.MalformedInputException e) {
                        continue; // not text
                    }
                    Matcher pointer = POINTER.matcher(text);
                    while (pointer.find()) {
                        Path page = Path.of(pointer.group(1).equals("README") ? "README.md" : pointer.group(1));
                        if (!Files.exists(page)) {
                            broken.add(file + ": " + pointer.group());
                        } else if (pointer.group(2) != null && !sections(page).contains(pointer.group(2))) {
                            broken.add(file + ": no section \"" + pointer.group(2) + "\" in " + page);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** The headings' titles, and the bold run-in titles that open a paragraph ("**Records.** ..."). */
    private static List<String> sections(Path page) throws IOException {
        List<String> titles = new ArrayList<>();
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("#")) {
                titles.add(line.replaceFirst("^#+ ", "").replace("`", ""));
            } else if (line.startsWith("**") && line.indexOf(".**") > 2) {
                titles.add(line.substring(2, line.indexOf(".**")));
            }
        }
        return titles;
    }

    /** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static List<String> anchors(Path page) throws IOException {
        return sections(page).stream().map(t -> t.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-')).toList();
    }
}
