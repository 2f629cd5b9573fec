/**
 * Channels between tasks: {@link dev.tidepool.channels.Chan}, bounded (a rendezvous at capacity 0)
 * or unbounded, whose waits suspend a task instead of blocking its core;
 * {@link dev.tidepool.channels.Select}, a wait on several channel operations of which exactly one
 * happens; and {@link dev.tidepool.channels.ChannelClosedException}.
 */
package dev.tidepool.channels;
