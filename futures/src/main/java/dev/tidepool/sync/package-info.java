/**
 * Shared state for tasks: {@link dev.tidepool.sync.Lock}, a value changed only under a lock that
 * suspends a waiting task instead of blocking its core, and {@link dev.tidepool.sync.Immlock}, an
 * immutable value replaced under a lock and read without one. Both are traced as spans.
 */
package dev.tidepool.sync;
