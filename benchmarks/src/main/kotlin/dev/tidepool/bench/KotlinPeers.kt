package dev.tidepool.bench

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * The peers a JVM user with these problems picks in Kotlin: coroutines on Dispatchers.Default
 * (kotlinx-coroutines), written the way that library's documentation writes them.
 */
object KotlinPeers {
    /** fib(n) with `async`/`await` at every node above the cutoff. */
    @JvmStatic
    fun fib(n: Int, cutoff: Int): Long = runBlocking(Dispatchers.Default) { fibAsync(n, cutoff) }

    private suspend fun fibAsync(n: Int, cutoff: Int): Long {
        if (n <= cutoff) {
            return FibWorkload.fib(n)
        }
        return coroutineScope {
            val left = async { fibAsync(n - 1, cutoff) }
            val right = fibAsync(n - 2, cutoff)
            left.await() + right
        }
    }

    /**
     * The channel sieve: a generator sends 2..limit into a channel; each stage's first value is a
     * prime, and the stage forwards what that prime does not divide to the next stage's channel
     * (one coroutine per prime). Capacity 0 is a rendezvous, as for Tidepool's channels.
     */
    @JvmStatic
    fun primes(limit: Int, chanSize: Int): List<Int> = runBlocking(Dispatchers.Default) {
        val first = Channel<Int>(chanSize)
        launch {
            for (v in 2..limit) {
                first.send(v)
            }
            first.close()
        }
        val primes = ArrayList<Int>()
        var input = first
        while (true) {
            val p = input.receiveCatching().getOrNull() ?: break
            primes.add(p)
            val from = input
            val out = Channel<Int>(chanSize)
            launch {
                for (v in from) {
                    if (v % p != 0) {
                        out.send(v)
                    }
                }
                out.close()
            }
            input = out
        }
        primes
    }
}
