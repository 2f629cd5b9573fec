package dev.tidepool.switches.internal;

import dev.tidepool.switches.Switch;
import java.util.function.Consumer;

/**
 * Tells tracing when a switch turns off. Not an API: exported only to the futures module, which
 * installs the observer when tracing starts.
 */
public final class SwitchEvents {
    private static volatile Consumer<Switch> observer;

    private SwitchEvents() {}

    /** Calls {@code o} on the turning-off thread each time a switch turns off; null removes it. */
    public static void observeTurnOff(Consumer<Switch> o) {
        observer = o;
    }

    /** Called by {@link Switch#turnOff()} once per switch, before its callbacks run. */
    public static void turnedOff(Switch sw) {
        Consumer<Switch> o = observer;
        if (o != null) {
            try {
                o.accept(sw);
            } catch (RuntimeException e) {
                System.getLogger("dev.tidepool.switches").log(System.Logger.Level.WARNING,
                        "switch turn-off observer threw", e);
            }
        }
    }
}
