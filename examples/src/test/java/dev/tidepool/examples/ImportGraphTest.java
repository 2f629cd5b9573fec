package dev.tidepool.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportGraphTest {
    @TempDir
    Path dir;

    private static Runner pool(boolean ws) {
        return ws ? WsPool.builder().name("imports").threads(4).build()
                : FifoPool.builder().name("imports").threads(4).build();
    }

    @Test
    void generatedTreeHasCyclesMissingFilesAndParses() throws Exception {
        assertEquals(3001, ImportFiles.generate(dir, 3000, 0, 1));
        ImportGraph.Result r = ImportGraph.sequential(dir, false);
        assertTrue(r.imports().size() > 2000, "reachable: " + r.imports().size());
        assertFalse(r.notFound().isEmpty());
        assertTrue(r.notFound().stream().allMatch(n -> n.startsWith("gone/")), r.notFound().toString());
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        assertTrue(hasCycle(r.imports()), "no import cycle");
    }

    @Test
    void parallelTraversalMatchesSequentialOnBothPoolKinds() throws Exception {
        ImportFiles.generate(dir, 3000, 0, 2);
        ImportGraph.Result seq = ImportGraph.sequential(dir, false);
        for (boolean ws : new boolean[] {true, false}) {
            try (Runner pool = pool(ws)) {
                for (int round = 0; round < 3; round++) {
                    assertEquals(seq, ImportGraph.parallel(pool, dir, false), pool.name() + " round " + round);
                }
            }
        }
        try (ForkJoinPool fjp = new ForkJoinPool(4)) {
            assertEquals(seq, ImportGraphPeer.traverse(fjp, dir), "the ForkJoinPool peer");
        }
    }

    @Test
    void withoutStoppingEveryParseErrorIsReportedLikeSequential() throws Exception {
        ImportFiles.generate(dir, 2000, 25, 3);
        ImportGraph.Result seq = ImportGraph.sequential(dir, false);
        assertTrue(seq.errors().size() > 1, seq.errors().toString());
        try (Runner pool = pool(true)) {
            assertEquals(seq, ImportGraph.parallel(pool, dir, false));
        }
    }

    @Test
    void stopOnErrorReportsOneErrorTheFullTraversalFindsAndParsesAlike() throws Exception {
        ImportFiles.generate(dir, 3000, 25, 4);
        ImportGraph.Result full = ImportGraph.sequential(dir, false);
        ImportGraph.Result seqStopped = ImportGraph.sequential(dir, true);
        assertEquals(1, seqStopped.errors().size());
        assertTrue(seqStopped.agreesAsStoppedWith(full));
        for (boolean ws : new boolean[] {true, false}) {
            try (Runner pool = pool(ws)) {
                for (int round = 0; round < 5; round++) {
                    ImportGraph.Result stopped = ImportGraph.parallel(pool, dir, true);
                    assertEquals(1, stopped.errors().size(), stopped.errors().toString());
                    assertTrue(stopped.agreesAsStoppedWith(full), pool.name() + " round " + round);
                }
            }
        }
    }

    @Test
    void theAgreementCheckRejectsWhatIsWrong() {
        ImportGraph.Result full = new ImportGraph.Result(Map.of("a", List.of("b")), Set.of("b"), Set.of("e1", "e2"));
        assertTrue(new ImportGraph.Result(Map.of(), Set.of(), Set.of("e2")).agreesAsStoppedWith(full));
        assertFalse(new ImportGraph.Result(Map.of(), Set.of(), Set.of("e1", "e2")).agreesAsStoppedWith(full));
        assertFalse(new ImportGraph.Result(Map.of(), Set.of(), Set.of("e3")).agreesAsStoppedWith(full));
        assertFalse(new ImportGraph.Result(Map.of("a", List.of()), Set.of(), Set.of("e1")).agreesAsStoppedWith(full));
        assertFalse(new ImportGraph.Result(Map.of(), Set.of("c"), Set.of("e1")).agreesAsStoppedWith(full));
    }

    @Test
    void parserAcceptsImportsLetsCommentsAndBlanksAndNamesTheBadLine() throws Exception {
        Files.writeString(dir.resolve("ok.tp"), "// c\n\nimport \"a/b.tp\"\n  let x_1 = -42\nimport \"c.tp\"\n");
        assertEquals(List.of("a/b.tp", "c.tp"), ImportFiles.read(dir, "ok.tp").imports());
        assertNull(ImportFiles.read(dir, "none.tp"));
        for (String bad : new String[] {"import a.tp", "import \"\"", "let 1x = 2", "let x = y", "let = 3", "print 3"}) {
            Files.writeString(dir.resolve("bad.tp"), "import \"a.tp\"\n" + bad + "\n");
            ImportFiles.Parsed p = ImportFiles.read(dir, "bad.tp");
            assertFalse(p.ok(), bad);
            assertTrue(p.error().startsWith("bad.tp:2: ") && p.error().endsWith(bad), p.error());
            assertEquals(List.of(), p.imports());
        }
    }

    @Test
    void aMissingRootIsReportedNotThrown() throws Exception {
        try (Runner pool = pool(true)) {
            ImportGraph.Result r = ImportGraph.parallel(pool, dir, false);
            assertEquals(new ImportGraph.Result(Map.of(), Set.of(ImportFiles.ROOT), Set.of()), r);
            assertEquals(r, ImportGraph.sequential(dir, false));
        }
    }

    private static boolean hasCycle(Map<String, List<String>> graph) {
        Set<String> done = new HashSet<>();
        for (String start : graph.keySet()) {
            if (reachesBack(graph, start, start, new HashSet<>(), done)) {
                return true;
            }
        }
        return false;
    }

    private static boolean reachesBack(Map<String, List<String>> g, String target, String at, Set<String> seen, Set<String> done) {
        for (String next : g.getOrDefault(at, List.of())) {
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next) && !done.contains(next) && reachesBack(g, target, next, seen, done)) {
                return true;
            }
        }
        return false;
    }
}
