/**
 * Channels between tasks: {@link dev.tidepool.channels.Chan}, bounded (a rendezvous at capacity 0)
 * or unbounded, whose waits suspend a task instead of blocking its core;
 * {@link dev.tidepool.channels.Select}, a wait on several channel operations of which exactly one
 * happens; {@link dev.tidepool.channels.ChanFlow}, channels as {@code java.util.concurrent.Flow}
 * publishers and subscribers with back-pressure; {@link Chan#asBlockingQueue()}, a
 * {@code BlockingQueue} view; and {@link dev.tidepool.channels.ChannelClosedException}.
 */
package dev.tidepool.channels;
