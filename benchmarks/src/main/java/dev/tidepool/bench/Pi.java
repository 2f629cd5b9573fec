package dev.tidepool.bench;

/** The midpoint-rule integral of 4/(1+x^2) over [0,1], as in Moonpool's pi benchmark. */
final class Pi {
    private Pi() {}

    /** Sum of the integrand over steps [lo, hi) of {@code n}; multiply the total by 1/n. */
    static double partial(long lo, long hi, long n) {
        double step = 1.0 / n;
        double sum = 0.0;
        for (long i = lo; i < hi; i++) {
            double x = (i + 0.5) * step;
            sum += 4.0 / (1.0 + x * x);
        }
        return sum;
    }
}
