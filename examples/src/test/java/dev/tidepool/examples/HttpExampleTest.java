package dev.tidepool.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.testsupport.Conditions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP example against a real client on loopback: answers, streams, bad input, cancellation. */
class HttpExampleTest {
    private HttpExample server;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpExample.start(new HttpExample.Settings(0, 2, Duration.ofSeconds(30)));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(server.uri().resolve(pathAndQuery)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void piIsComputedOnTheComputePool() throws Exception {
        HttpResponse<String> r = get("/pi?n=1000000");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(Math.PI, Double.parseDouble(r.body().trim()), 1e-9);
    }

    @Test
    void primesAreStreamedInOrder() throws Exception {
        HttpResponse<String> r = get("/primes?n=100");
        assertEquals(200, r.statusCode(), r.body());
        List<Integer> expected = IntStream.range(2, 100).filter(HttpExample::isPrime).boxed().toList();
        assertEquals(25, expected.size());
        assertEquals(expected, r.body().lines().map(Integer::valueOf).toList());
        HttpResponse<String> many = get("/primes?n=1000000");
        assertEquals(78_498, many.body().lines().count(), "the primes below a million");
    }

    @Test
    void badInputGetsA4xxWithOneLine() throws Exception {
        String[][] cases = {
            {"/pi?n=abc", "400", "n must be an integer from 1 to 1000000000: 'abc'"},
            {"/pi", "400", "missing query parameter n (an integer from 1 to 1000000000)"},
            {"/pi?n=0", "400", "n must be from 1 to 1000000000: 0"},
            {"/pi?n=99999999999", "400", "n must be from 1 to 1000000000: 99999999999"},
            {"/primes?n=1", "400", "n must be from 2 to 20000000: 1"},
            {"/primes?n=%41", "400", "n must be an integer from 2 to 20000000: 'A'"},
            {"/nowhere", "404", "unknown path /nowhere; try /pi?n=1000000 or /primes?n=1000"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = get(c[0]);
            assertEquals(Integer.parseInt(c[1]), r.statusCode(), c[0] + ": " + r.body());
            assertEquals(1, r.body().lines().count(), c[0] + ": " + r.body());
            assertEquals(c[2], r.body().trim(), c[0]);
        }
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(server.uri().resolve("/pi?n=10"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("only GET is served, not POST", post.body().trim());
    }

    @Test
    void aStreamStopsWhenItsClientGoesAway() throws Exception {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(server.uri().resolve("/primes?n=20000000")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertEquals("2", in.readLine());
            assertEquals("3", in.readLine());
        } // closing the body before its end closes the connection
        Conditions.awaitUntil("the server noticed and cancelled the stream", () -> server.cancelledStreams() == 1);
        Conditions.awaitUntil("the compute pool is idle again", () -> server.compute().numTasks() == 0);
        assertEquals(200, get("/pi?n=1000").statusCode(), "the server still answers");
    }

    @Test
    void aRequestPastItsDeadlineGets503AndItsWorkStops() throws Exception {
        try (HttpExample tight = HttpExample.start(new HttpExample.Settings(0, 2, Duration.ofMillis(50)))) {
            URI uri = tight.uri().resolve("/pi?n=1000000000"); // about a second of work on two cores
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("the deadline of 50 ms passed; try a smaller n", r.body().trim());
            assertEquals(1, tight.deadlinesPassed());
            Conditions.awaitUntil("the cancelled work stopped", () -> tight.compute().numTasks() == 0);
        }
    }
}
