package dev.tidepool.tracing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A Chrome Trace Event Format file that is valid JSON after every append: each batch of events is
 * written, with the closing brackets after it, in one positional write over the previous closing
 * brackets. A process killed between two appends leaves a file that parses. Its head records the
 * epoch time of {@code ts} 0 ({@value #EPOCH_FIELD}, a field trace viewers ignore), from which
 * {@link TraceMerge} aligns the files of several JVMs.
 */
final class PerfettoFile implements AutoCloseable {
    /** The field that holds the epoch time (ns) of {@code ts} 0, so that traces of several JVMs can be merged. */
    static final String EPOCH_FIELD = "tidepoolEpochNanos";
    private static final byte[] TAIL = "\n]}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEPARATOR = ",\n".getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final FileChannel channel;
    /** Where the closing brackets start, so where the next batch goes. */
    private long end;
    private boolean empty = true;

    /** A new file at {@code path} whose {@code ts} 0 is {@code baseEpochNanos}. */
    PerfettoFile(Path path, long baseEpochNanos) throws IOException {
        this.path = path;
        byte[] head = ("{\"displayTimeUnit\":\"ns\",\"" + EPOCH_FIELD + "\":" + baseEpochNanos + ",\"traceEvents\":[\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        ByteBuffer b = ByteBuffer.allocate(head.length + TAIL.length).put(head).put(TAIL).flip();
        writeFully(b, 0);
        end = head.length;
    }

    /** Appends {@code len} bytes of comma-separated JSON objects. */
    void append(byte[] events, int len) throws IOException {
        if (len == 0) {
            return;
        }
        byte[] sep = empty ? new byte[0] : SEPARATOR;
        ByteBuffer b = ByteBuffer.allocate(sep.length + len + TAIL.length).put(sep).put(events, 0, len).put(TAIL).flip();
        writeFully(b, end);
        end += sep.length + len;
        empty = false;
    }

    private void writeFully(ByteBuffer b, long position) throws IOException {
        long pos = position;
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.force(false);
        channel.close();
    }
}
