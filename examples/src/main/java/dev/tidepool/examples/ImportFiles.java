package dev.tidepool.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Source files that import each other with {@code import "name"} lines: the parser, and a
 * generator of trees of such files with cycles, imports of files that do not exist and, on
 * request, files that do not parse.
 */
final class ImportFiles {
    /** The file every traversal starts from. */
    static final String ROOT = "main.tp";
    private static final String IMPORT = "import \"";

    private ImportFiles() {}

    /** A parsed file: its imports in file order, or the parse error (then {@code imports} is empty). */
    record Parsed(List<String> imports, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /**
     * Reads and parses {@code name} under {@code root}; returns {@code null} if there is no such
     * file. Each line is blank, a {@code //} comment, {@code import "name"} or
     * {@code let identifier = integer}; the first other line is the file's parse error.
     */
    static Parsed read(Path root, String name) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve(name));
        } catch (NoSuchFileException e) {
            return null;
        }
        List<String> imports = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            if (line.startsWith(IMPORT) && line.endsWith("\"") && line.length() > IMPORT.length() + 1) {
                imports.add(line.substring(IMPORT.length(), line.length() - 1));
            } else if (!isLet(line)) {
                return new Parsed(List.of(), name + ":" + (i + 1) + ": expected import \"name\" or let x = n, got: " + line);
            }
        }
        return new Parsed(List.copyOf(imports), null);
    }

    private static boolean isLet(String line) {
        if (!line.startsWith("let ")) {
            return false;
        }
        int eq = line.indexOf(" = ", 4);
        if (eq <= 4) {
            return false;
        }
        for (int i = 4; i < eq; i++) {
            char c = line.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_') || (i == 4 && Character.isDigit(c))) {
                return false;
            }
        }
        try {
            Long.parseLong(line, eq + 3, line.length(), 10);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Writes {@code files} files under {@code root} (spread over about sqrt(files) directories),
     * plus {@link #ROOT}, which imports the first few. Each file imports 1 to 4 random files, so
     * the graph has cycles, and defines 10 to 40 values; about 1 import in 30 names a file that
     * does not exist, and
     * {@code broken} files carry a malformed import line. The same seed writes the same tree.
     *
     * @return the number of files written, {@link #ROOT} included
     */
    static int generate(Path root, int files, int broken, long seed) throws IOException {
        if (files < 1) {
            throw new IllegalArgumentException("files must be at least 1: " + files);
        }
        if (broken < 0 || broken > files) {
            throw new IllegalArgumentException("broken must be in [0, " + files + "]: " + broken);
        }
        Random rnd = new Random(seed);
        int dirs = Math.max(1, (int) Math.sqrt(files));
        boolean[] isBroken = new boolean[files];
        for (int placed = 0; placed < broken; ) {
            int i = rnd.nextInt(files);
            if (!isBroken[i]) {
                isBroken[i] = true;
                placed++;
            }
        }
        StringBuilder main = new StringBuilder();
        for (int i = 0; i < Math.min(files, 8); i++) {
            main.append(IMPORT).append(name(i, dirs)).append("\"\n");
        }
        Files.createDirectories(root);
        Files.writeString(root.resolve(ROOT), main);
        for (int i = 0; i < files; i++) {
            StringBuilder text = new StringBuilder("// file ").append(i).append('\n');
            int n = 1 + rnd.nextInt(4);
            for (int k = 0; k < n; k++) {
                String target = rnd.nextInt(30) == 0
                        ? "gone/m" + rnd.nextInt(files) + ".tp"
                        : name(rnd.nextInt(files), dirs);
                text.append(IMPORT).append(target).append("\"\n");
            }
            if (isBroken[i]) {
                text.append("import ").append(name(rnd.nextInt(files), dirs)).append('\n');
            }
            for (int k = 10 + rnd.nextInt(31); k > 0; k--) {
                text.append("let v").append(i).append('_').append(k).append(" = ").append(rnd.nextLong()).append('\n');
            }
            Path file = root.resolve(name(i, dirs));
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        }
        return files + 1;
    }

    private static String name(int i, int dirs) {
        return "d" + (i % dirs) + "/m" + i + ".tp";
    }
}
