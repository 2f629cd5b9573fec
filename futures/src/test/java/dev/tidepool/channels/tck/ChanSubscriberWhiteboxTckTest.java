package dev.tidepool.channels.tck;

import dev.tidepool.channels.Chan;
import dev.tidepool.channels.ChanFlow;
import dev.tidepool.channels.ChanSubscriber;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.SubscriberPuppet;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;
import org.reactivestreams.tck.flow.FlowSubscriberWhiteboxVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Listeners;

/**
 * {@link ChanFlow#subscriber} under the Reactive Streams TCK's subscriber rules, seen from the
 * inside: each signal reaches a {@link ChanSubscriber} through a thin wrapper that also tells the
 * TCK's probe, and the TCK's puppet requests and cancels through the subscription the subscriber
 * was given. Every item the TCK sends must come out of the channel, in order.
 */
@Listeners(NotApplicable.class)
public class ChanSubscriberWhiteboxTckTest extends FlowSubscriberWhiteboxVerification<Integer> {
    private final List<Chan<?>> channels = TckSupport.channels();
    private ExecutorService exec;

    public ChanSubscriberWhiteboxTckTest() {
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
    protected Flow.Subscriber<Integer> createFlowSubscriber(WhiteboxSubscriberProbe<Integer> probe) {
        Chan<Integer> c = Chan.unbounded();
        channels.add(c);
        ChanSubscriber<Integer> sub = ChanFlow.subscriber(c, exec, 2);
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                sub.onSubscribe(s);
                probe.registerOnSubscribe(new SubscriberPuppet() {
                    @Override
                    public void triggerRequest(long elements) {
                        s.request(elements);
                    }

                    @Override
                    public void signalCancel() {
                        s.cancel();
                    }
                });
            }

            @Override
            public void onNext(Integer item) {
                sub.onNext(item);
                probe.registerOnNext(item);
            }

            @Override
            public void onError(Throwable error) {
                sub.onError(error);
                probe.registerOnError(error);
            }

            @Override
            public void onComplete() {
                sub.onComplete();
                probe.registerOnComplete();
            }
        };
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
