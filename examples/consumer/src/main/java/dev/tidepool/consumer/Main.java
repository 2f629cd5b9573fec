package dev.tidepool.consumer;

import dev.tidepool.channels.Chan;
import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Fut;
import dev.tidepool.process.ProcessPool;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runners;
import dev.tidepool.runners.WsPool;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import dev.tidepool.sync.Immlock;
import dev.tidepool.tracing.TraceCheck;
import dev.tidepool.tracing.Tracing;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Uses each published module through its API, and checks that every module exports exactly its
 * API packages (and the runner SPI) to the world. Prints one line per check; exits 1 if any fails.
 */
public final class Main {
    /** The packages each Tidepool module exports to every module. */
    private static final Map<String, Set<String>> API = Map.of(
            "dev.tidepool.switches", Set.of("dev.tidepool.switches"),
            "dev.tidepool.futures", Set.of("dev.tidepool.futures", "dev.tidepool.sync", "dev.tidepool.channels",
                    "dev.tidepool.futures.spi"),
            "dev.tidepool.runners", Set.of("dev.tidepool.runners", "dev.tidepool.runners.spi"),
            "dev.tidepool.forkjoin", Set.of("dev.tidepool.forkjoin"),
            "dev.tidepool.tracing", Set.of("dev.tidepool.tracing"),
            "dev.tidepool.process", Set.of("dev.tidepool.process"),
            "dev.tidepool.cluster", Set.of("dev.tidepool.cluster"));

    private static final List<String> FAILED = new ArrayList<>();

    private Main() {}

    /**
     * Runs the checks.
     *
     * @param args ignored
     * @throws Exception if a check cannot run at all
     */
    public static void main(String[] args) throws Exception {
        for (Map.Entry<String, Set<String>> m : API.entrySet()) {
            ModuleDescriptor d = ModuleLayer.boot().findModule(m.getKey()).orElseThrow().getDescriptor();
            Set<String> open = d.exports().stream().filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
            check(m.getKey() + " exports only " + m.getValue(), open.equals(m.getValue()));
        }
        Path trace = Files.createTempFile("consumer", ".json");
        long sum;
        Tracing tracing = Tracing.toPerfetto(trace);
        String squared;
        try {
            sum = Runners.main(main -> work());
            try (ProcessPool processes = ProcessPool.builder().name("consumer").processes(1).build()) {
                squared = processes.submit(Square.class, 12).await(Duration.ofSeconds(60));
            }
        } finally {
            tracing.close();
        }
        check("a job in a worker process started on the module path, its class in this named module",
                squared.equals("dev.tidepool.consumer: 144"));
        check("fork-join sum of 0..999,999 on a WsPool, awaited from Runners.main", sum == 999_999L * 1_000_000L / 2);
        TraceCheck.Report r = TraceCheck.check(trace);
        check("the Perfetto trace passes the checker (" + r.events() + " events)", r.ok() && r.events() > 0);
        check("the worker process has a track with its job and its own task in the trace",
                r.processNames().values().stream().anyMatch(n -> n.startsWith("consumer worker 0 (pid "))
                        && r.slicesByName().getOrDefault("Square", 0) == 2);
        Files.delete(trace);
        if (!FAILED.isEmpty()) {
            System.out.println("consumer: FAILED " + FAILED);
            System.exit(1);
        }
        System.out.println("consumer: OK");
    }

    private static long work() {
        try (CoreBudget cores = CoreBudget.of(2);
             WsPool compute = WsPool.builder().name("compute").threads(2).budget(cores).build();
             FifoPool requests = FifoPool.builder().name("requests").threads(1).budget(cores).build()) {
            Fut<Long> sum = compute.spawn(() -> ForkJoin.reduce(1_000_000, 10_000, 0L, (lo, hi) -> {
                long s = 0;
                for (int i = lo; i < hi; i++) {
                    s += i;
                }
                return s;
            }, Long::sum));
            Immlock<List<String>> seen = Immlock.create("seen", List.of());
            Fut<String> reply = requests.spawn(() -> {
                seen.update(l -> List.of("request"));
                return "sum " + sum.await();
            });
            check("a request awaits the compute result across pools", reply.await().equals("sum " + sum.await())
                    && seen.get().equals(List.of("request")));
            Chan<Integer> numbers = Chan.bounded(0);
            Fut<Integer> total = requests.spawn(() -> {
                int t = 0;
                for (int n : numbers) {
                    t += n;
                }
                return t;
            });
            for (int i = 1; i <= 10; i++) {
                numbers.send(i); // a rendezvous with the receiving task
            }
            numbers.close();
            check("a channel hands 1..10 to a task, each once", total.await() == 55);
            Switch off = Switch.create();
            off.turnOff();
            Fut<Integer> never = compute.spawn(off, () -> 1);
            check("a task under a switch that is off never runs", failsWith(never, SwitchOffException.class));
            return sum.await();
        }
    }

    private static boolean failsWith(Fut<?> f, Class<? extends Throwable> type) {
        try {
            f.await();
            return false;
        } catch (RuntimeException e) {
            return type.isInstance(e);
        }
    }

    private static void check(String what, boolean ok) {
        System.out.println("check: " + what + ": " + (ok ? "OK" : "FAILED"));
        if (!ok) {
            FAILED.add(what);
        }
    }
}
