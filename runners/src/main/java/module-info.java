/** Runners: pools on a shared core budget, background threads, and the main runner; {@code spi} is the runner SPI. */
module dev.tidepool.runners {
    requires transitive dev.tidepool.futures;
    requires org.jctools.core;
    // JCTools needs sun.misc.Unsafe but only 'requires static' it: without this line the JVM does
    // not resolve jdk.unsupported on the module path and JCTools fails with NoClassDefFoundError.
    requires jdk.unsupported;

    exports dev.tidepool.runners;
    exports dev.tidepool.runners.spi;
}
