package dev.tidepool.futures;

/** Internal marker stored in a future's state when it failed. */
record Failed(Throwable error) {}
