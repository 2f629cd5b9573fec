package dev.tidepool.bench;

import dev.tidepool.channels.Chan;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;

/**
 * Moonpool's channel sieve: a generator sends 2..limit into a channel; the first value a stage
 * receives is a prime, and the stage then forwards only the values that prime does not divide to
 * a new channel, read by the next stage (one task per prime). Each strategy returns the primes
 * found, in order.
 */
final class PrimesWorkload {
    /** Strategies; the JDK's own and Kotlin coroutines are the peers. */
    enum Mode implements BenchMode {
        tidepool, vthreads, threads, kotlin;

        @Override
        public boolean peer() {
            return this != tidepool;
        }

        @Override
        public String origin() {
            return this == kotlin ? "Kotlin" : BenchMode.super.origin();
        }
    }

    /** What a JDK queue carries after the last number: the end of the stream. */
    private static final int END = -1;

    private PrimesWorkload() {}

    static List<Integer> compute(Mode mode, Env env, int limit, int chanSize) throws InterruptedException {
        return switch (mode) {
            case tidepool -> {
                Runner pool = env.pool();
                yield pool.spawn(() -> tidepool(pool, limit, chanSize)).await();
            }
            case vthreads -> jdk(Thread.ofVirtual().factory(), limit, chanSize);
            case threads -> jdk(Thread.ofPlatform().daemon().factory(), limit, chanSize);
            case kotlin -> KotlinPeers.primes(limit, chanSize); // coroutines and Channel on Dispatchers.Default
        };
    }

    private static List<Integer> tidepool(Runner pool, int limit, int chanSize) {
        Chan<Integer> first = Chan.bounded(chanSize);
        List<Fut<?>> stages = new ArrayList<>();
        stages.add(pool.spawn(() -> {
            for (int v = 2; v <= limit; v++) {
                first.send(v);
            }
            first.close();
            return null;
        }));
        List<Integer> primes = new ArrayList<>();
        Chan<Integer> in = first;
        for (Integer p; (p = in.receiveOrNull()) != null; ) {
            primes.add(p);
            Chan<Integer> from = in;
            Chan<Integer> out = Chan.bounded(chanSize);
            int prime = p;
            stages.add(pool.spawn(() -> {
                for (Integer v : from) {
                    if (v % prime != 0) {
                        out.send(v);
                    }
                }
                out.close();
                return null;
            }));
            in = out;
        }
        for (Fut<?> f : stages) {
            f.await();
        }
        return primes;
    }

    private static List<Integer> jdk(ThreadFactory threads, int limit, int chanSize)
            throws InterruptedException {
        BlockingQueue<Integer> first = queue(chanSize);
        List<Thread> stages = new ArrayList<>();
        stages.add(start(threads, () -> {
            for (int v = 2; v <= limit; v++) {
                first.put(v);
            }
            first.put(END);
        }));
        List<Integer> primes = new ArrayList<>();
        BlockingQueue<Integer> in = first;
        for (int p; (p = in.take()) != END; ) {
            primes.add(p);
            BlockingQueue<Integer> from = in;
            BlockingQueue<Integer> out = queue(chanSize);
            int prime = p;
            stages.add(start(threads, () -> {
                for (int v; (v = from.take()) != END; ) {
                    if (v % prime != 0) {
                        out.put(v);
                    }
                }
                out.put(END);
            }));
            in = out;
        }
        for (Thread t : stages) {
            t.join();
        }
        return primes;
    }

    private static BlockingQueue<Integer> queue(int size) {
        return size == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(size);
    }

    private interface Body {
        void run() throws InterruptedException;
    }

    private static Thread start(ThreadFactory f, Body body) {
        Thread t = f.newThread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        return t;
    }

    /** The primes up to {@code n}, by the sieve of Eratosthenes: the answer every mode must give. */
    static List<Integer> sieve(int n) {
        boolean[] composite = new boolean[n + 1];
        List<Integer> primes = new ArrayList<>();
        for (int i = 2; i <= n; i++) {
            if (!composite[i]) {
                primes.add(i);
                for (long k = (long) i * i; k <= n; k += i) {
                    composite[(int) k] = true;
                }
            }
        }
        return primes;
    }
}
