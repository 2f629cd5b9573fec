package dev.tidepool.examples;

import dev.tidepool.futures.Both;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.runners.Runner;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import dev.tidepool.sync.Immlock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.pcollections.HashTreePMap;
import org.pcollections.HashTreePSet;
import org.pcollections.PMap;
import org.pcollections.PSet;

/**
 * Follows {@code import} lines from {@link ImportFiles#ROOT}, visiting every reachable file once:
 * sequentially, and in parallel with one task per file.
 *
 * <p>The parallel traversal keeps its shared state in {@link Immlock}s holding persistent sets
 * and maps, so a task claims a file with one short critical section and any task can read the
 * state without locking. Each task spawns a task per import; a count of unfinished tasks settles
 * the promise the caller awaits, so no task waits for another. When {@code stopOnError} is set,
 * the first file that does not parse turns a {@link Switch} off, and every task that starts after
 * that ends at once.
 */
final class ImportGraph {
    private ImportGraph() {}

    /**
     * What a traversal found.
     *
     * @param imports each parsed file and its imports, in file order
     * @param notFound names imported but missing
     * @param errors parse errors; with {@code stopOnError}, the one that stopped the traversal
     */
    record Result(Map<String, List<String>> imports, Set<String> notFound, Set<String> errors) {
        /**
         * Whether this result, of a traversal stopped at an error, agrees with {@code full}, a
         * traversal that did not stop: it names exactly one error, one {@code full} finds (none if
         * there is none), and every file it parsed or found missing, {@code full} parsed alike or
         * found missing too.
         */
        boolean agreesAsStoppedWith(Result full) {
            boolean error = full.errors.isEmpty()
                    ? errors.isEmpty()
                    : errors.size() == 1 && full.errors.containsAll(errors);
            boolean parsed = imports.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(full.imports.get(e.getKey())));
            return error && parsed && full.notFound.containsAll(notFound);
        }
    }

    /** Depth-first from {@link ImportFiles#ROOT} on the calling thread. */
    static Result sequential(Path root, boolean stopOnError) throws IOException {
        Map<String, List<String>> imports = new HashMap<>();
        Set<String> notFound = new HashSet<>();
        Set<String> errors = new HashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(ImportFiles.ROOT));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            ImportFiles.Parsed p = ImportFiles.read(root, name);
            if (p == null) {
                notFound.add(name);
            } else if (!p.ok()) {
                errors.add(p.error());
                if (stopOnError) {
                    break;
                }
            } else {
                imports.put(name, p.imports());
                todo.addAll(p.imports());
            }
        }
        return new Result(imports, notFound, errors);
    }

    /**
     * One task per file on {@code pool}, starting from {@link ImportFiles#ROOT}; returns once
     * every task has finished. With {@code stopOnError}, the first parse error turns the
     * traversal's switch off and the tasks still queued end without reading their file. The
     * switch is a child of the caller's {@link Switch#current()}, if any, so turning that off
     * stops the traversal too (then this throws {@link SwitchOffException}).
     *
     * @throws IOException if a file exists but cannot be read
     */
    static Result parallel(Runner pool, Path root, boolean stopOnError) throws IOException {
        return new Traversal(pool, root, stopOnError).run();
    }

    private static final class Traversal {
        private final Runner pool;
        private final Path root;
        private final boolean stopOnError;
        private final Switch stop = Switch.current().map(Switch::create).orElseGet(Switch::create);
        private final Immlock<PSet<String>> seen = Immlock.create("seen", HashTreePSet.empty());
        private final Immlock<PMap<String, List<String>>> imports = Immlock.create("imports", HashTreePMap.empty());
        private final Immlock<PSet<String>> notFound = Immlock.create("notFound", HashTreePSet.empty());
        private final Immlock<PSet<String>> errors = Immlock.create("errors", HashTreePSet.empty());
        /** Tasks spawned and not finished; the one that brings it to 0 settles {@code done}. */
        private final AtomicInteger pending = new AtomicInteger();
        private final Promise<Void> done = Fut.promise();

        Traversal(Runner pool, Path root, boolean stopOnError) {
            this.pool = pool;
            this.root = root;
            this.stopOnError = stopOnError;
        }

        Result run() throws IOException {
            spawn(List.of(ImportFiles.ROOT));
            try {
                done.fut().await(); // every task's writes happen-before this returns
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                stop.close(); // unhooks it from the parent switch
            }
            if (stop.parent().map(Switch::isOff).orElse(false)) {
                throw new SwitchOffException(stop.parent().get());
            }
            return new Result(Map.copyOf(imports.get()), Set.copyOf(notFound.get()), Set.copyOf(errors.get()));
        }

        private void spawn(List<String> names) {
            pending.addAndGet(names.size()); // before any of them can finish
            for (String name : names) {
                pool.run(() -> visit(name));
            }
        }

        private void visit(String name) {
            try {
                if (stop.isOn()) {
                    parse(name);
                }
            } catch (IOException e) {
                done.tryFail(new UncheckedIOException(e));
                stop.turnOff();
            } catch (RuntimeException | Error e) {
                done.tryFail(e);
                stop.turnOff();
            } finally {
                if (pending.decrementAndGet() == 0) {
                    done.tryComplete(null);
                }
            }
        }

        private void parse(String name) throws IOException {
            // The claim is under the lock: of two tasks for one name that both passed the filter
            // in the parent, only the first claim parses.
            boolean first = seen.updateMap(s -> s.contains(name) ? new Both<>(s, false) : new Both<>(s.plus(name), true));
            if (!first) {
                return;
            }
            ImportFiles.Parsed p = ImportFiles.read(root, name);
            if (p == null) {
                notFound.update(s -> s.plus(name));
            } else if (!p.ok()) {
                // Keep only the first error when stopping, so the result names what stopped it.
                boolean won = errors.updateMap(s -> !stopOnError || s.isEmpty() ? new Both<>(s.plus(p.error()), true) : new Both<>(s, false));
                if (won && stopOnError) {
                    stop.turnOff();
                }
            } else {
                imports.update(m -> m.plus(name, p.imports()));
                PSet<String> known = seen.get(); // a lock-free read: skip names already claimed
                spawn(p.imports().stream().filter(n -> !known.contains(n)).toList());
            }
        }
    }
}
