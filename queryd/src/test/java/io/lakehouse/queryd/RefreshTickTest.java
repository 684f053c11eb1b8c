package io.lakehouse.queryd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Without POST /v1/refresh a new dataset appears, and a removed one disappears, within a tick. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RefreshTickTest {
    @TempDir
    static Path lake;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("lakehouse.storage.uri", () -> lake.toUri().toString());
        registry.add("lakehouse.queryd.refresh-interval", () -> "200ms");
    }

    @LocalServerPort
    int port;

    @Test
    void tickPicksUpNewAndRemovedDatasets() throws Exception {
        Path file = Lake.writeParquet(lake, "timesheet", "2026-11-24", "part-0", "SELECT 1 AS hours");
        // One tick is 200 ms; the deadline allows for a loaded 2-core machine.
        await(Duration.ofSeconds(10), () -> Lake.sql(port, "SELECT sum(hours) FROM timesheet").status() == 200);
        java.nio.file.Files.delete(file);
        await(Duration.ofSeconds(10), () -> !Lake.get(port, "/v1/tables").body().contains("timesheet"));
        assertThat(Lake.sql(port, "SELECT * FROM timesheet").status()).isEqualTo(400);
    }

    static void await(Duration deadline, Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("condition not met within " + deadline).isLessThan(end);
            Thread.onSpinWait();
        }
    }
}
