/**
 * Hooks between switches and the other Tidepool modules (preemption points in
 * {@code Switch.check()}); exported to Tidepool's own modules only, not for applications.
 */
package dev.tidepool.switches.internal;
