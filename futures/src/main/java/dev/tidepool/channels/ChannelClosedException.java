package dev.tidepool.channels;

/**
 * Thrown by a send on a closed {@link Chan}, and by {@link Chan#receive()} once a closed channel
 * has handed out everything it buffered. Names the channel.
 */
public final class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ChannelClosedException(String message) {
        super(message);
    }
}
