package dev.tidepool.runners;

import java.util.Arrays;

/** The copy-on-write arrays of slots and shares: new arrays with one element more or less. */
final class CowArrays {
    private CowArrays() {}

    static <T> T[] with(T[] a, T x) {
        T[] grown = Arrays.copyOf(a, a.length + 1);
        grown[a.length] = x;
        return grown;
    }

    /** {@code a} without its elements from index {@code from} on that are {@code x}; {@code a} if none is. */
    static <T> T[] without(T[] a, T x, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == x) {
                T[] shrunk = Arrays.copyOf(a, a.length - 1);
                System.arraycopy(a, i + 1, shrunk, i, a.length - i - 1);
                return shrunk;
            }
        }
        return a;
    }
}
