/** Jobs in disposable child JVMs behind Tidepool futures. */
module dev.tidepool.process {
    requires transitive dev.tidepool.runners;
    requires com.fasterxml.jackson.databind;

    exports dev.tidepool.process;
}
