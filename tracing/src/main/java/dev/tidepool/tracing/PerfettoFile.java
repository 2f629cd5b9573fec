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
 * brackets. A process killed between two appends leaves a file that parses.
 */
final class PerfettoFile implements AutoCloseable {
    private static final byte[] HEAD = "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "\n]}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEPARATOR = ",\n".getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final FileChannel channel;
    /** Where the closing brackets start, so where the next batch goes. */
    private long end;
    private boolean empty = true;

    PerfettoFile(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        ByteBuffer b = ByteBuffer.allocate(HEAD.length + TAIL.length).put(HEAD).put(TAIL).flip();
        writeFully(b, 0);
        end = HEAD.length;
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
