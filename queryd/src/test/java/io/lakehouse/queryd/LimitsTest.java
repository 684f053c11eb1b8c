package io.lakehouse.queryd;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.queryd.Lake.Answer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The statement timeout really cancels, and statements past the concurrency limit are answered 429. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LimitsTest {
    /** A cross join that runs for minutes unless cancelled. */
    static final String SLOW = "SELECT sum(a.range * b.range) FROM range(1000000000) a, range(1000000) b";

    @TempDir
    static Path lake;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("lakehouse.storage.uri", () -> lake.toUri().toString());
        registry.add("lakehouse.queryd.statement-timeout", () -> "1500ms");
        registry.add("lakehouse.queryd.max-concurrent-statements", () -> "2");
    }

    @LocalServerPort
    int port;

    @Test
    void slowStatementIsCancelledAndTheNextOneIsFast() throws Exception {
        long t0 = System.nanoTime();
        Answer a = Lake.sql(port, SLOW);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(a.status()).as(a.body()).isEqualTo(504);
        assertThat(a.json().path("code").asString()).isEqualTo("statement_timeout");
        assertThat(ms).isBetween(1400L, 6000L);

        // The cancelled query's threads are free: a real scan right after runs at normal speed.
        long t1 = System.nanoTime();
        Answer next = Lake.sql(port, "SELECT sum(range) FROM range(20000000)");
        long nextMs = (System.nanoTime() - t1) / 1_000_000;
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.json().path("rows").toString()).isEqualTo("[[\"199999990000000\"]]");
        assertThat(nextMs).isLessThan(1000L);

        // Run again it is a repeated statement, on a statement prepared and cached on its connection: the timeout
        // cancels that one too, and the connection it ran on is not reused.
        long t2 = System.nanoTime();
        Answer again = Lake.sql(port, SLOW);
        assertThat(again.status()).as(again.body()).isEqualTo(504);
        assertThat((System.nanoTime() - t2) / 1_000_000).isBetween(1400L, 6000L);
        assertThat(Lake.sql(port, "SELECT 42").json().path("rows").toString()).isEqualTo("[[42]]");
    }

    @Test
    void onePastTheLimitIsTooBusy() throws Exception {
        int n = 2;
        ExecutorService pool = Executors.newFixedThreadPool(n + 1);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < n + 1; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return Lake.sql(port, SLOW);
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            Answer busy = null;
            for (Future<Answer> f : answers) {
                Answer a = f.get();
                statuses.add(a.status());
                if (a.status() == 429) {
                    busy = a;
                }
            }
            assertThat(statuses).containsExactlyInAnyOrder(504, 504, 429);
            assertThat(busy.json().path("code").asString()).isEqualTo("too_busy");
            assertThat(busy.header("Retry-After")).isEqualTo("1");
        } finally {
            pool.shutdownNow();
        }
        assertThat(Lake.sql(port, "SELECT 42").status()).isEqualTo(200);
    }
}
