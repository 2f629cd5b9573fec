package dev.tidepool.channels;

/**
 * Thrown by a send on a closed {@link Chan}, and by a receive once a closed channel has handed
 * out everything it buffered. Names the channel; its {@linkplain #getCause() cause} is what the
 * channel was closed with ({@link Chan#close(Throwable)}, or a
 * {@link java.util.concurrent.CancellationException} after {@link Chan#cancel()}), or null after a
 * plain {@link Chan#close()}.
 *
 * <p>It is a {@link RuntimeException} of its own, not an {@link IllegalStateException}: code that
 * catches {@code IllegalStateException} (a {@link dev.tidepool.sync.Lock} refusing a wait, a
 * misuse) does not catch the end of a channel by accident.
 */
public final class ChannelClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ChannelClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
