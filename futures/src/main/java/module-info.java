/** Futures and promises; {@code spi} is for runner implementations, not for users. */
module dev.tidepool.futures {
    requires transitive dev.tidepool.switches;

    exports dev.tidepool.futures;
    exports dev.tidepool.futures.spi;
}
