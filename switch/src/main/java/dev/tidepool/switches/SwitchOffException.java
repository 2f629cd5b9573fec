package dev.tidepool.switches;

import java.util.concurrent.CancellationException;

/** Thrown by {@link Switch#check()}, and by work stopped because its switch was turned off. */
public final class SwitchOffException extends CancellationException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception whose message names {@code sw}.
     *
     * @param sw the switch that is off
     */
    public SwitchOffException(Switch sw) {
        super(sw + " is off");
    }
}
