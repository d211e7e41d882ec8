package rnn.cli;

import rnn.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The corpus as train's arguments name it: files, "-" for stdin, and directories, which stand for the text
 * files in them (recursively, hidden ones left out, in the order of their paths). The same file may not be
 * named twice, nor be both a corpus file and the --val-file: its text would be learned twice, or validation
 * would not be held out.
 */
record CorpusFiles(List<Path> files, String expanded) {
    static CorpusFiles of(List<Path> arguments, Path valFile) {
        List<Path> files = new ArrayList<>();
        List<String> said = new ArrayList<>();
        for (Path argument : arguments) {
            if (!Files.isDirectory(argument)) {
                files.add(argument);
                continue;
            }
            List<Path> inside = textFiles(argument);
            if (inside.isEmpty()) {
                throw new UserInputException(argument + ": a directory with no files in it; give text files or a directory of them");
            }
            files.addAll(inside);
            said.add(argument + " holds " + inside.size() + " file" + (inside.size() == 1 ? "" : "s") + ", trained on in this order: "
                    + String.join(", ", inside.stream().map(f -> argument.relativize(f).toString()).toList()));
        }
        List<Path> all = new ArrayList<>(files);
        if (valFile != null) {
            all.add(valFile);
        }
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                if (same(all.get(i), all.get(j))) {
                    throw new UserInputException(j == all.size() - 1 && valFile != null
                            ? "--val-file " + valFile + " is also a corpus file (" + all.get(i) + "): validation would not be held out"
                            : all.get(j) + " is given twice (also as " + all.get(i) + "); give each file once");
                }
            }
        }
        return new CorpusFiles(files, said.isEmpty() ? null : "corpus: " + String.join("; ", said));
    }

    private static List<Path> textFiles(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).filter(f -> !hidden(directory.relativize(f))).sorted().toList();
        } catch (IOException e) {
            throw new UserInputException(directory + ": cannot list its files (" + e.getMessage() + ")");
        }
    }

    /** A dot-file, or inside a dot-directory (.git, an editor's backups). */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(Path a, Path b) {
        if (a.toString().equals("-") || b.toString().equals("-")) {
            return a.toString().equals(b.toString());
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
