package dev.tidepool.process;

import java.util.concurrent.CountDownLatch;

/** A parent JVM for the test that kills it: starts a worker running a job that waits, prints the worker's pid, waits. */
public final class ParentMain {
    private ParentMain() {}

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch said = new CountDownLatch(1);
        ProcessPool pool = ProcessPool.builder().name("orphaned").processes(1).onProgress(p -> {
            System.out.println("worker " + p.message());
            System.out.flush();
            said.countDown();
        }).build();
        pool.submit(Jobs.Wait.class, "");
        said.await();
        new CountDownLatch(1).await(); // until killed
    }
}
