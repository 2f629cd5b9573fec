package com.example;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.runners.WsPool;

public class Main {
    public static void main(String[] args) {
        try (WsPool pool = WsPool.builder().name("main").build()) {
            long sum = pool.spawn(() -> ForkJoin.reduce(1_000_000, 10_000, 0L, (lo, hi) -> {
                long s = 0;
                for (int i = lo; i < hi; i++) {
                    s += i;
                }
                return s;
            }, Long::sum)).await();
            System.out.println("sum of 0..999999 = " + sum);
        }
    }
}
