package dev.tidepool.forkjoin.readme;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.TaskLocal;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.WsPool;

public class TaskLocals {
    static final TaskLocal<String> REQUEST = TaskLocal.create("request", "none");

    /** A request id set once, seen by the tasks, fork-join parts and continuations it starts. */
    static String run() throws Exception {
        try (FifoPool requests = FifoPool.builder().name("requests").build();
             WsPool compute = WsPool.builder().name("compute").build()) {
            return requests.spawn(() -> {
                REQUEST.set("req-42");                             // this task's value
                Fut<String> parts = compute.spawn(() -> {          // inherits it, on another pool
                    var both = ForkJoin.both(REQUEST::get, REQUEST::get);
                    REQUEST.set("changed in the child");           // stays in the child
                    return both.left() + "+" + both.right();
                });
                return parts.map(p -> p + " " + REQUEST.get())     // the continuation sees "req-42"
                        .await() + " " + REQUEST.get();            // so does the task after await
            }).await();
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run());
    }
}
