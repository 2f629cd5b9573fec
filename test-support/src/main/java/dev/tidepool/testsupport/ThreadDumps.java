package dev.tidepool.testsupport;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** A dump of every thread of this JVM, virtual threads included, for the message of a stuck test. */
public final class ThreadDumps {
    private ThreadDumps() {}

    /**
     * Every thread's stack, as the JDK's thread dump writes it (plain text).
     *
     * @return the dump, or one line saying why there is none
     */
    public static String all() {
        try {
            Path file = Files.createTempFile("tidepool-threads", ".txt");
            Files.delete(file); // dumpThreads refuses to overwrite a file
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            String text = Files.readString(file);
            Files.delete(file);
            return text;
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        }
    }
}
