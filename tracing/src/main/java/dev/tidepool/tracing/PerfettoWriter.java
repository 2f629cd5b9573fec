package dev.tidepool.tracing;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;

/**
 * The background exporter behind {@link Tracing#toPerfetto}: traced threads put finished spans and
 * counter samples into a bounded queue; one platform thread encodes them and appends them to the
 * file in batches.
 *
 * <p>Implementation overview. The queue is a JCTools bounded MPSC array queue of
 * {@value #CAPACITY} entries, so memory stays bounded. A producer that finds it full waits for the
 * writer (spinning, then yielding, then parking 50 µs at a time) instead of dropping the span:
 * a trace with holes would show flows that start nowhere. The writer drains the queue, encodes
 * (Jackson) and appends; when it finds nothing it parks for up to {@value #IDLE_MILLIS} ms; a
 * producer that fills the queue to half unparks it. {@link #flush()} and {@link #close()} hand the
 * writer a future that it completes once everything queued before them is in the file. A failing
 * write is reported once and tracing stops writing; the traced program goes on.
 */
final class PerfettoWriter implements Runnable {
    static final int CAPACITY = 1 << 15;
    private static final int IDLE_MILLIS = 20;
    private static final int BATCH_EVENTS = 4096;
    private static final System.Logger LOG = System.getLogger("dev.tidepool.tracing");

    /** A counter sample. */
    record Sample(String name, long epochNanos, double value) {}

    private final MpscArrayQueue<Object> queue = new MpscArrayQueue<>(CAPACITY);
    /** Ids of the sampled spans started and not encoded yet; the encoder removes them. */
    private final Set<String> unwritten = ConcurrentHashMap.newKeySet();
    private final MpscArrayQueue<CompletableFuture<Void>> flushes = new MpscArrayQueue<>(64);
    private final PerfettoFile file;
    private final ChromeEncoder encoder;
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean failed;

    PerfettoWriter(Path path, long baseEpochNanos, String processName) throws IOException {
        this.file = new PerfettoFile(path, baseEpochNanos);
        this.encoder = new ChromeEncoder(baseEpochNanos, processName, unwritten);
        this.thread = Thread.ofPlatform().daemon().name("tidepool-trace-writer").unstarted(this);
        thread.start();
    }

    /** A sampled span started: flows from it wait until it is written. */
    void started(String spanId) {
        if (!failed) {
            unwritten.add(spanId);
        }
    }

    void add(Object item) {
        if (failed) {
            return;
        }
        int tries = 0;
        while (!queue.relaxedOffer(item)) {
            if (closing || failed) {
                return;
            }
            LockSupport.unpark(thread);
            if (++tries < 64) {
                Thread.onSpinWait();
            } else if (tries < 128) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(50_000L);
            }
        }
        if (queue.size() == CAPACITY / 2) {
            LockSupport.unpark(thread);
        }
    }

    /** Completes once everything added before the call is written. */
    CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (failed || !thread.isAlive()) {
            done.complete(null);
            return done;
        }
        while (!flushes.offer(done)) {
            Thread.yield();
        }
        LockSupport.unpark(thread);
        return done;
    }

    /** Writes what is queued, closes the file and stops the writer thread. */
    void close() throws InterruptedException {
        closing = true;
        flush().join();
        LockSupport.unpark(thread);
        thread.join();
    }

    @Override
    public void run() {
        try {
            while (true) {
                CompletableFuture<Void> request = flushes.poll();
                // Everything added before the request is queued now: draining that many is enough,
                // and a bound keeps a flush from waiting for ever behind producers that never pause.
                drain(request != null ? queue.size() : CAPACITY);
                if (request != null) {
                    request.complete(null);
                    continue;
                }
                if (closing && queue.isEmpty() && flushes.isEmpty()) {
                    break;
                }
                if (queue.isEmpty() && flushes.isEmpty()) {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
                    Thread.interrupted();
                }
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            LOG.log(System.Logger.Level.ERROR, "tracing: cannot write " + file.path() + ": " + e
                    + "; tracing stopped, the program goes on");
        } finally {
            for (CompletableFuture<Void> f; (f = flushes.poll()) != null; ) {
                f.complete(null);
            }
            try {
                file.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "tracing: cannot close " + file.path() + ": " + e);
            }
        }
    }

    /** Encodes up to {@code limit} queued items and appends them, in batches. */
    private void drain(int limit) throws IOException {
        Object item;
        for (int n = 0; n < limit && (item = queue.relaxedPoll()) != null; n++) {
            if (item instanceof SpanData s) {
                encoder.span(s);
            } else if (item instanceof Sample c) {
                encoder.counter(c.name(), c.epochNanos(), c.value());
            }
            if (encoder.pending() >= BATCH_EVENTS) {
                write();
            }
        }
        write();
    }

    private void write() throws IOException {
        if (encoder.pending() == 0) {
            return;
        }
        byte[] bytes = encoder.take();
        file.append(bytes, bytes.length);
    }
}
