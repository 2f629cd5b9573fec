package dev.tidepool.channels.tck;

import java.util.List;
import org.testng.IMethodInstance;
import org.testng.IMethodInterceptor;
import org.testng.ITestContext;

/**
 * Leaves out of the run the TCK methods that cannot say anything about the channel bridge, so that
 * they are not reported as skipped:
 * <ul>
 * <li>{@code untested_*} (33 methods over the three verifications): rules the TCK has no test for;
 *     each only calls {@code notVerified()}, for every implementation;</li>
 * <li>{@code optional_spec111_multicast_*} (3): an optional rule for publishers that give every
 *     subscriber the same elements; a channel's subscribers compete for its values (each value goes
 *     to one of them, as with several receivers), so the publisher is unicast by design and these
 *     methods would only skip.</li>
 * </ul>
 * Every other method of the verifications runs.
 */
public final class NotApplicable implements IMethodInterceptor {
    @Override
    public List<IMethodInstance> intercept(List<IMethodInstance> methods, ITestContext context) {
        return methods.stream().filter(m -> {
            String name = m.getMethod().getMethodName();
            return !name.startsWith("untested_") && !name.startsWith("optional_spec111_multicast_");
        }).toList();
    }
}
