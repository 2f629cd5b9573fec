package dev.tidepool.channels.tck;

import dev.tidepool.channels.Chan;
import dev.tidepool.channels.ChanFlow;
import dev.tidepool.channels.ChannelClosedException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Listeners;

/**
 * {@link ChanFlow#publisher} under the Reactive Streams TCK's publisher rules. A publisher of
 * {@code n} elements is a channel that gets {@code n} values and is then closed: a small one is
 * filled before the subscription, a large one (the TCK asks for up to {@code Integer.MAX_VALUE}
 * to check demand arithmetic) by a producer task through a bounded channel. Every channel is
 * cancelled when the class is done, which ends the subscriptions the TCK left waiting for demand
 * (they get onError). The failed publisher is a channel closed with a cause (rule 1.4: onError).
 */
@Listeners(NotApplicable.class)
public class ChanPublisherTckTest extends FlowPublisherVerification<Integer> {
    private static final int FILLED_UP_TO = 1_024;
    private final List<Chan<?>> channels = TckSupport.channels();
    private ExecutorService exec;

    public ChanPublisherTckTest() {
        super(TckSupport.environment(), TckSupport.GC_TIMEOUT_MILLIS);
    }

    @BeforeClass
    public void startExecutor() {
        exec = TckSupport.executor();
    }

    @AfterClass
    public void stopExecutor() throws InterruptedException {
        TckSupport.stop(channels, exec);
    }

    @Override
    public Flow.Publisher<Integer> createFlowPublisher(long elements) {
        if (elements <= FILLED_UP_TO) {
            Chan<Integer> c = Chan.unbounded();
            channels.add(c);
            for (int i = 0; i < elements; i++) {
                c.send(i);
            }
            c.close();
            return ChanFlow.publisher(c, exec);
        }
        Chan<Integer> c = Chan.bounded(16);
        channels.add(c);
        exec.execute(() -> {
            try {
                for (long i = 0; i < elements; i++) {
                    c.send((int) i);
                }
                c.close();
            } catch (ChannelClosedException ended) {
                // the class is done with it
            }
        });
        return ChanFlow.publisher(c, exec);
    }

    @Override
    public Flow.Publisher<Integer> createFailedFlowPublisher() {
        Chan<Integer> c = Chan.unbounded();
        channels.add(c);
        c.close(new IOException("a failed publisher, for the TCK"));
        return ChanFlow.publisher(c, exec);
    }
}
