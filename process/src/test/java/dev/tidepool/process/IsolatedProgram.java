package dev.tidepool.process;

import java.time.Duration;

/** The program {@link IsolatedLauncher} runs: one job in a worker process, its answer printed. */
public final class IsolatedProgram {
    private IsolatedProgram() {}

    public static void main(String[] args) throws Exception {
        try (ProcessPool pool = ProcessPool.builder().name("isolated").processes(1).startTimeout(Duration.ofSeconds(60)).build()) {
            System.out.println("square " + pool.submit(Jobs.Square.class, new Jobs.In(7)).await(Duration.ofSeconds(60)).square());
        }
    }
}
