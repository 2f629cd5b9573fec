/**
 * Cancellation switches: {@link dev.tidepool.switches.Switch}, a tree of on/off switches whose
 * children turn off with their parent, and {@link dev.tidepool.switches.SwitchOffException}, what
 * work under a switch throws once it is off. A task spawned under a switch sees it as
 * {@code Switch.current()}, and so does everything it spawns or forks.
 */
package dev.tidepool.switches;
