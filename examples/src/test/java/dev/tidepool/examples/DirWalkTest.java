package dev.tidepool.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirWalkTest {
    @TempDir
    Path dir;

    /** 1 + 4 + 4*3 directories, one of them empty; 2 files per non-empty directory; a link to a directory. */
    private DirWalk.Totals buildTree() throws IOException {
        long files = 0;
        long bytes = 0;
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 3; b++) {
                Path d = Files.createDirectories(dir.resolve("a" + a).resolve("b" + b));
                if (a == 3 && b == 2) {
                    continue; // an empty directory
                }
                for (int f = 0; f < 2; f++) {
                    byte[] data = new byte[100 * a + 10 * b + f];
                    Files.write(d.resolve("f" + f), data);
                    files++;
                    bytes += data.length;
                }
            }
        }
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("a0"));
        files++;
        bytes += Files.readAttributes(link, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).size();
        return new DirWalk.Totals(1 + 4 + 12, files, bytes);
    }

    @Test
    void totalsEqualFilesWalkAndTheTreeBuilt() throws Exception {
        DirWalk.Totals expected = buildTree();
        assertEquals(expected, DirWalk.sequential(dir));
        for (Runner pool : new Runner[] {WsPool.builder().name("walk").threads(4).build(),
                FifoPool.builder().name("walk").threads(4).build()}) {
            try (pool) {
                assertEquals(expected, DirWalk.parallel(pool, dir), pool.name());
            }
        }
    }

    @Test
    void aRootThatIsNotADirectoryIsAnError() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        try (WsPool pool = WsPool.builder().name("walk").threads(2).build()) {
            assertThrows(IOException.class, () -> DirWalk.parallel(pool, file));
            assertThrows(IOException.class, () -> DirWalk.parallel(pool, dir.resolve("missing")));
        }
    }
}
