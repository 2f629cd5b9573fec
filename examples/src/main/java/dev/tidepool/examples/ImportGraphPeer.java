package dev.tidepool.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The traversal of {@link ImportGraph#parallel} as a Java program would write it without Tidepool:
 * one task per file on a {@link ForkJoinPool}, concurrent maps and sets, and a count of unfinished
 * tasks completing a {@link CompletableFuture}. The examples time it in the same run, as the peer.
 */
final class ImportGraphPeer {
    private ImportGraphPeer() {}

    /** Traverses from {@link ImportFiles#ROOT} on {@code pool}; no early stop. */
    static ImportGraph.Result traverse(ForkJoinPool pool, Path root) throws IOException {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Map<String, List<String>> imports = new ConcurrentHashMap<>();
        Set<String> notFound = ConcurrentHashMap.newKeySet();
        Set<String> errors = ConcurrentHashMap.newKeySet();
        AtomicInteger pending = new AtomicInteger(1);
        CompletableFuture<Void> done = new CompletableFuture<>();
        class Visit implements Runnable {
            private final String name;

            Visit(String name) {
                this.name = name;
            }

            @Override
            public void run() {
                try {
                    if (seen.add(name)) {
                        ImportFiles.Parsed p = ImportFiles.read(root, name);
                        if (p == null) {
                            notFound.add(name);
                        } else if (!p.ok()) {
                            errors.add(p.error());
                        } else {
                            imports.put(name, p.imports());
                            List<String> next = p.imports().stream().filter(n -> !seen.contains(n)).toList();
                            pending.addAndGet(next.size());
                            next.forEach(n -> pool.execute(new Visit(n)));
                        }
                    }
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                } finally {
                    if (pending.decrementAndGet() == 0) {
                        done.complete(null);
                    }
                }
            }
        }
        pool.execute(new Visit(ImportFiles.ROOT));
        try {
            done.join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw e;
            }
        }
        return new ImportGraph.Result(Map.copyOf(imports), Set.copyOf(notFound), Set.copyOf(errors));
    }
}
