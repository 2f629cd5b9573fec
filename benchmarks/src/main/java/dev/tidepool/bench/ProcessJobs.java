package dev.tidepool.bench;

import dev.tidepool.process.Job;
import dev.tidepool.process.JobContext;

/** The jobs of {@code tidepool-bench processes}, run in child JVMs (public, no-argument constructors). */
public final class ProcessJobs {
    private ProcessJobs() {}

    /** {@code rounds} xorshift steps: CPU work of a fixed size, the same in and out of a process. */
    public static long burn(long rounds) {
        long x = 88172645463325252L;
        for (long i = 0; i < rounds; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /** Burns its input's rounds. */
    public static final class Burn implements Job<Long, Long> {
        @Override
        public Long run(Long rounds, JobContext ctx) {
            return burn(rounds);
        }
    }

    /** Returns at once: the round trip of a job. */
    public static final class Echo implements Job<Long, Long> {
        @Override
        public Long run(Long input, JobContext ctx) {
            return input;
        }
    }

    /** Its process's pid. */
    public static final class Pid implements Job<Long, Long> {
        @Override
        public Long run(Long input, JobContext ctx) {
            return ProcessHandle.current().pid();
        }
    }

    /** Never returns (until its process is killed). */
    public static final class Forever implements Job<Long, Long> {
        @Override
        public Long run(Long input, JobContext ctx) {
            long x = input;
            while (x != 0) {
                x = burn(1_000_000) | 1;
            }
            return x;
        }
    }
}
