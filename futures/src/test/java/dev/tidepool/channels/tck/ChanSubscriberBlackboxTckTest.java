package dev.tidepool.channels.tck;

import dev.tidepool.channels.Chan;
import dev.tidepool.channels.ChanFlow;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Listeners;

/**
 * {@link ChanFlow#subscriber} under the Reactive Streams TCK's subscriber rules, seen from the
 * outside: it asks for items on its own (its prefetch, then one per item sent into the channel).
 * The channel has room for every item the TCK sends, so no send waits for a receiver.
 */
@Listeners(NotApplicable.class)
public class ChanSubscriberBlackboxTckTest extends FlowSubscriberBlackboxVerification<Integer> {
    private final List<Chan<?>> channels = TckSupport.channels();
    private ExecutorService exec;

    public ChanSubscriberBlackboxTckTest() {
        super(TckSupport.environment());
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
    public Flow.Subscriber<Integer> createFlowSubscriber() {
        Chan<Integer> c = Chan.unbounded();
        channels.add(c);
        return ChanFlow.subscriber(c, exec, 4);
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
