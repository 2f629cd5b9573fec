package dev.tidepool.examples;

import dev.tidepool.forkjoin.ForkJoin;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compresses blobs with {@link Deflater} and decompresses them with {@link Inflater}, one blob
 * per fork-join part, so a pool's workers share the blobs between them.
 */
final class Compression {
    private static final String[] WORDS = {
        "tide", "pool", "core", "budget", "worker", "fiber", "steal", "deque", "future", "await",
        "switch", "lock", "span", "trace", "fork", "join", "chunk", "queue", "carrier", "park",
    };

    private Compression() {}

    /**
     * {@code count} blobs of {@code size} bytes of text made of random words (so they compress to
     * about a third), the same for the same seed.
     */
    static List<byte[]> blobs(int count, int size, long seed) {
        if (count < 1 || size < 1) {
            throw new IllegalArgumentException("count and size must be at least 1: " + count + ", " + size);
        }
        Random rnd = new Random(seed);
        List<byte[]> out = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            byte[] blob = new byte[size];
            int i = 0;
            while (i < size) {
                String w = rnd.nextInt(8) == 0 ? Integer.toString(rnd.nextInt(100_000)) : WORDS[rnd.nextInt(WORDS.length)];
                for (int k = 0; k < w.length() && i < size; k++) {
                    blob[i++] = (byte) w.charAt(k);
                }
                if (i < size) {
                    blob[i++] = (byte) (rnd.nextInt(12) == 0 ? '\n' : ' ');
                }
            }
            out.add(blob);
        }
        return out;
    }

    /** {@code data} compressed at {@code level} (0 to 9) in the zlib format. */
    static byte[] deflate(byte[] data, int level) {
        Deflater d = new Deflater(level);
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buf = new byte[64 * 1024];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /**
     * The bytes {@link #deflate} compressed.
     *
     * @throws IllegalArgumentException if {@code compressed} is not zlib data
     */
    static byte[] inflate(byte[] compressed) {
        Inflater in = new Inflater();
        try {
            in.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] buf = new byte[64 * 1024];
            while (!in.finished()) {
                int n = in.inflate(buf);
                if (n == 0 && !in.finished() && (in.needsInput() || in.needsDictionary())) {
                    throw new IllegalArgumentException("truncated or not zlib data");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not zlib data: " + e.getMessage(), e);
        } finally {
            in.end();
        }
    }

    /** Every blob compressed, one fork-join part each; call from a task of a runner. */
    static List<byte[]> deflateAll(List<byte[]> blobs, int level) {
        return ForkJoin.allInit(blobs.size(), i -> deflate(blobs.get(i), level));
    }

    /** Every blob decompressed, one fork-join part each; call from a task of a runner. */
    static List<byte[]> inflateAll(List<byte[]> compressed) {
        return ForkJoin.allInit(compressed.size(), i -> inflate(compressed.get(i)));
    }
}
