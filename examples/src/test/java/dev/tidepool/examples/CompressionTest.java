package dev.tidepool.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.runners.WsPool;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompressionTest {
    @Test
    void roundTripOnAPoolIsByteIdenticalAndMatchesTheLoop() {
        List<byte[]> blobs = Compression.blobs(24, 50_000, 3);
        try (WsPool pool = WsPool.builder().name("compress").threads(4).build()) {
            for (int level : new int[] {0, 1, 6, 9}) {
                List<byte[]> packed = pool.spawn(() -> Compression.deflateAll(blobs, level)).await();
                List<byte[]> loop = blobs.stream().map(b -> Compression.deflate(b, level)).toList();
                assertTrue(CompressCommand.sameBytes(packed, loop), "level " + level);
                List<byte[]> back = pool.spawn(() -> Compression.inflateAll(packed)).await();
                assertTrue(CompressCommand.sameBytes(back, blobs), "level " + level);
                if (level > 0) {
                    long in = blobs.stream().mapToLong(b -> b.length).sum();
                    long out = packed.stream().mapToLong(b -> b.length).sum();
                    assertTrue(out < in / 2, "compressed " + in + " to " + out);
                }
            }
        }
    }

    @Test
    void blobsAreDeterministicAndSameBytesSeesOneByteChange() {
        List<byte[]> a = Compression.blobs(3, 1000, 9);
        List<byte[]> b = Compression.blobs(3, 1000, 9);
        assertTrue(CompressCommand.sameBytes(a, b));
        b.get(2)[999] ^= 1;
        assertFalse(CompressCommand.sameBytes(a, b));
        assertFalse(CompressCommand.sameBytes(a, a.subList(0, 2)));
        assertArrayEquals(new byte[] {7}, Compression.inflate(Compression.deflate(new byte[] {7}, 9)));
        assertEquals(0, Compression.inflate(Compression.deflate(new byte[0], 6)).length);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Compression.inflate(new byte[] {1, 2, 3}));
        byte[] packed = Compression.deflate(Compression.blobs(1, 10_000, 1).get(0), 6);
        assertThrows(IllegalArgumentException.class, () -> Compression.inflate(Arrays.copyOf(packed, packed.length / 2)));
        assertThrows(IllegalArgumentException.class, () -> Compression.blobs(0, 10, 1));
    }
}
