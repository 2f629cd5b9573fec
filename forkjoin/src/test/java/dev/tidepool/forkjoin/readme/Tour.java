package dev.tidepool.forkjoin.readme;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Both;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.runners.Background;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runners;
import dev.tidepool.runners.WsPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

public class Tour {
    /** Some CPU work: how many of lo, lo + 1, ..., hi - 1 are multiples of 3. */
    static long count(int lo, int hi) {
        long n = 0;
        for (int i = lo; i < hi; i++) {
            n += i % 3 == 0 ? 1 : 0;
        }
        return n;
    }

    /** Runs the tour, appending a line to {@code log}; returns what it found. */
    static String run(Path log) {
        CoreBudget cores = CoreBudget.shared();                 // one carrier thread per CPU, for all pools
        StringBuilder out = new StringBuilder();
        try (WsPool compute = WsPool.builder().name("compute").threads(8).budget(cores).build();
             FifoPool requests = FifoPool.builder().name("requests").threads(4).budget(cores).build();
             Background files = Background.create("files")) {   // a platform thread for blocking file I/O
            Fut<Long> sum = compute.spawn(() -> {
                Fut<Long> left = compute.spawn(() -> count(0, 500));
                long right = count(500, 1000);
                return left.await() + right;                    // suspends this task, frees its core
            });
            Fut<String> reply = requests.spawn(() -> "total " + sum.await());   // cross-pool await
            Fut<Path> logged = files.spawn(() ->                // tasks run in submission order
                    Files.writeString(log, reply.await() + "\n", StandardOpenOption.APPEND));
            out.append(reply.map(String::length).await()).append(' ').append(logged.await().getFileName());
            // Fork-join inside any task: work-first, nested to any depth, on any pool kind.
            long total = compute.spawn(() -> ForkJoin.reduce(1_000_000, 10_000, 0L,
                    (lo, hi) -> count(lo, hi), Long::sum)).await();
            Both<Long, Long> pair = compute.spawn(() -> ForkJoin.both(() -> count(0, 10), () -> count(10, 30))).await();
            // A promise: a future that code completes by hand, once; awaiting it suspends a task.
            Promise<String> ready = Fut.promise();
            Fut<String> waiter = requests.spawn(() -> "got " + ready.fut().await());
            ready.complete("ready");
            out.append(' ').append(total).append(' ').append(pair).append(' ').append(waiter.await());
        }                                                       // close() = shutdown(): runs what was accepted
        int answer = Runners.main(main -> main.spawn(() -> 42).await()); // the calling thread as a runner
        return out.append(' ').append(answer).toString();
    }

    public static void main(String[] args) throws IOException {
        Path log = Files.createTempFile("tour", ".log");
        System.out.println(run(log));
        System.out.print(Files.readString(log));
    }
}
